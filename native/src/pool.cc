// Max pooling and its gradient on oneDNN, NHWC in place. oneDNN's max-pooling backward needs the
// forward's workspace (which element won each window); tfjs's MaxPoolGrad gets x and y instead,
// so the gradient reruns the forward in training mode into a cached workspace first (pooling is
// memory-bound and the rerun costs about one pass over x).
#include "common.h"

namespace invlab {
namespace {

// Geometry (14 numbers): n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr
struct Geometry {
  int64_t n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr;
  static Geometry read(const Args& a, size_t k) {
    Geometry g;
    int64_t* f = &g.n;
    for (int i = 0; i < 14; i++) f[i] = a.i64(k + i);
    return g;
  }
  dnnl::memory::desc src() const { return {{n, c, ih, iw}, dt::f32, tag::nhwc}; }
  dnnl::memory::desc dst() const { return {{n, c, oh, ow}, dt::f32, tag::nhwc}; }
  dnnl::pooling_forward::desc forward(dnnl::prop_kind kind) const {
    return dnnl::pooling_forward::desc(kind, dnnl::algorithm::pooling_max, src(), dst(), {sh, sw}, {kh, kw}, {pt, pl}, {pb, pr});
  }
};

constexpr size_t GEOMETRY_ARGS = 14;

struct Forward {
  dnnl::pooling_forward prim;
};

struct Backward {
  dnnl::pooling_forward forward;
  dnnl::pooling_backward prim;
  dnnl::memory workspace, scratchDst;
};

thread_local std::unordered_map<std::string, std::unique_ptr<Forward>> forwards;
thread_local std::unordered_map<std::string, std::unique_ptr<Backward>> backwards;

// maxPool(heap, x, y, ...geometry)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  Args a(info);
  Geometry g = Geometry::read(a, 3);
  float* x = a.at(1, g.n * g.ih * g.iw * g.c);
  float* y = a.at(2, g.n * g.oh * g.ow * g.c);
  Forward& f = cached<Forward>(forwards, keyOf(info, 3, 3 + GEOMETRY_ARGS), [&] {
    auto e = std::make_unique<Forward>();
    e->prim = dnnl::pooling_forward({g.forward(dnnl::prop_kind::forward_inference), engine()});
    return e;
  });
  f.prim.execute(stream(), {{DNNL_ARG_SRC, dnnl::memory(g.src(), engine(), x)}, {DNNL_ARG_DST, dnnl::memory(g.dst(), engine(), y)}});
  stream().wait();
  return info.Env().Undefined();
}

// maxPoolGrad(heap, x, dy, dx, ...geometry)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  Geometry g = Geometry::read(a, 4);
  float* x = a.at(1, g.n * g.ih * g.iw * g.c);
  float* dy = a.at(2, g.n * g.oh * g.ow * g.c);
  float* dx = a.at(3, g.n * g.ih * g.iw * g.c);
  Backward& b = cached<Backward>(backwards, keyOf(info, 4, 4 + GEOMETRY_ARGS), [&] {
    auto e = std::make_unique<Backward>();
    dnnl::pooling_forward::primitive_desc fpd(g.forward(dnnl::prop_kind::forward_training), engine());
    dnnl::pooling_backward::desc bd(dnnl::algorithm::pooling_max, g.src(), g.dst(), {g.sh, g.sw}, {g.kh, g.kw}, {g.pt, g.pl}, {g.pb, g.pr});
    dnnl::pooling_backward::primitive_desc bpd(bd, engine(), fpd);
    e->forward = dnnl::pooling_forward(fpd);
    e->prim = dnnl::pooling_backward(bpd);
    e->workspace = dnnl::memory(fpd.workspace_desc(), engine());
    e->scratchDst = dnnl::memory(g.dst(), engine());
    return e;
  });
  b.forward.execute(stream(), {{DNNL_ARG_SRC, dnnl::memory(g.src(), engine(), x)},
                               {DNNL_ARG_DST, b.scratchDst},
                               {DNNL_ARG_WORKSPACE, b.workspace}});
  b.prim.execute(stream(), {{DNNL_ARG_DIFF_DST, dnnl::memory(g.dst(), engine(), dy)},
                            {DNNL_ARG_WORKSPACE, b.workspace},
                            {DNNL_ARG_DIFF_SRC, dnnl::memory(g.src(), engine(), dx)}});
  stream().wait();
  return info.Env().Undefined();
}

}  // namespace

void registerPool(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool", Napi::Function::New(env, guarded<MaxPool>));
  exports.Set("maxPoolGrad", Napi::Function::New(env, guarded<MaxPoolGrad>));
}

}  // namespace invlab
