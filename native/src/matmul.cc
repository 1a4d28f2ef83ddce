// Batched matrix products on oneDNN, transposed operands read in place through strides (the wasm
// product runs ~10x slower with transpose flags, and every dense-layer gradient asks for one),
// bias and ReLU fused as tfjs's _FusedMatMul asks.
#include "common.h"

namespace invlab {
namespace {

struct MatMul {
  dnnl::matmul prim;
  dnnl::memory::desc a, b, bias, out;
};

thread_local std::unordered_map<std::string, std::unique_ptr<MatMul>> products;

// matMul(heap, a, b, bias | -1, out, relu 0|1, batchA, batchB, m, k, n, transposeA 0|1, transposeB 0|1)
// a is [batchA, m, k] ([batchA, k, m] when transposed), b is [batchB, k, n] ([batchB, n, k]),
// out [max(batchA, batchB), m, n]; a batch of 1 broadcasts; bias is [n].
Napi::Value MatMulFn(const Napi::CallbackInfo& info) {
  Args args(info);
  int64_t ba = args.i64(6), bb = args.i64(7), m = args.i64(8), k = args.i64(9), n = args.i64(10);
  bool ta = args.i64(11) != 0, tb = args.i64(12) != 0;
  bool hasBias = args.i64(3) >= 0, relu = args.i64(5) != 0;
  int64_t bo = ba > bb ? ba : bb;
  float* a = args.at(1, ba * m * k);
  float* b = args.at(2, bb * k * n);
  float* bias = args.optional(3, n);
  float* out = args.at(4, bo * m * n);
  std::string key = keyOf(info, 6, 13) + (hasBias ? "b" : "") + (relu ? "r" : "");
  MatMul& p = cached<MatMul>(products, key, [&] {
    auto e = std::make_unique<MatMul>();
    e->a = dnnl::memory::desc({ba, m, k}, dt::f32, ta ? dims{m * k, 1, m} : dims{m * k, k, 1});
    e->b = dnnl::memory::desc({bb, k, n}, dt::f32, tb ? dims{k * n, 1, k} : dims{k * n, n, 1});
    e->out = dnnl::memory::desc({bo, m, n}, dt::f32, dims{m * n, n, 1});
    if (hasBias) e->bias = dnnl::memory::desc({1, 1, n}, dt::f32, dims{n, n, 1});
    dnnl::matmul::desc d = hasBias ? dnnl::matmul::desc(e->a, e->b, e->bias, e->out) : dnnl::matmul::desc(e->a, e->b, e->out);
    dnnl::primitive_attr attr;
    if (relu) {
      dnnl::post_ops po;
      po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
      attr.set_post_ops(po);
    }
    e->prim = dnnl::matmul(dnnl::matmul::primitive_desc(d, attr, engine()));
    return e;
  });
  std::unordered_map<int, dnnl::memory> io{
      {DNNL_ARG_SRC, dnnl::memory(p.a, engine(), a)},
      {DNNL_ARG_WEIGHTS, dnnl::memory(p.b, engine(), b)},
      {DNNL_ARG_DST, dnnl::memory(p.out, engine(), out)},
  };
  if (bias) io.emplace(DNNL_ARG_BIAS, dnnl::memory(p.bias, engine(), bias));
  p.prim.execute(stream(), io);
  stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void registerMatMul(Napi::Env env, Napi::Object exports) {
  exports.Set("matMul", Napi::Function::New(env, guarded<MatMulFn>));
}

}  // namespace invlab
