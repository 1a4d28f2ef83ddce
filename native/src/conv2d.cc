// 2-D convolutions on oneDNN: forward (bias and ReLU fused as tfjs's FusedConv2D asks), the
// gradient with respect to the input, and the gradient with respect to the filter (and bias).
// Activations stay NHWC where tfjs keeps them (oneDNN's brgemm kernels run NHWC directly), so
// they are read and written in place; only the filter is reordered into the blocked layout the
// primitive picked. Exception: forward convolutions whose output maps are small (ResNet-18's last
// stage, 4x4) run faster on oneDNN's direct kernel for blocked nChw16c activations than on the
// NHWC brgemm one (512 -> 512 channels at 4x4, batch 32, in a training step: 22 instead of 33 CPU
// ms each), and at that size reordering the activations in and out costs a fraction of a
// millisecond. Their gradients stay NHWC (blocked, the filter gradient ran 50 % slower there); the
// filter gradient is an im2col + matrix product instead (Conv2dBackpropFilter).
#include "common.h"
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace invlab {
namespace {

// Geometry, in the order the JS side passes it (17 numbers).
struct Geometry {
  int64_t n, ih, iw, ci, oh, ow, co, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
  static Geometry read(const Args& a, size_t k) {
    Geometry g;
    int64_t* f = &g.n;
    for (int i = 0; i < 17; i++) f[i] = a.i64(k + i);
    return g;
  }
  dnnl::memory::desc src() const { return {{n, ci, ih, iw}, dt::f32, tag::nhwc}; }
  dnnl::memory::desc dst() const { return {{n, co, oh, ow}, dt::f32, tag::nhwc}; }
  // Small output maps (see blockedPixels): the forward asks for any layout (oneDNN picks blocked
  // nChw16c), the filter gradient is im2col + a matrix product.
  bool smallMaps() const;
  // Every direction on blocked activations (see nhwcSlow), or only the forward (small maps).
  bool blockedAll() const;
  bool blockedForward() const { return smallMaps() || blockedAll(); }
  dnnl::memory::desc srcAny() const { return {{n, ci, ih, iw}, dt::f32, tag::any}; }
  dnnl::memory::desc dstAny() const { return {{n, co, oh, ow}, dt::f32, tag::any}; }
  dnnl::memory::desc weights() const { return {{co, ci, kh, kw}, dt::f32, tag::hwio}; }
  dnnl::memory::desc weightsAny() const { return {{co, ci, kh, kw}, dt::f32, tag::any}; }
  dnnl::memory::desc bias() const { return {{co}, dt::f32, tag::a}; }
  dims strides() const { return {sh, sw}; }
  dims dilates() const { return {dh - 1, dw - 1}; }
  dims padL() const { return {pt, pl}; }
  dims padR() const { return {pb, pr}; }
  int64_t srcSize() const { return n * ih * iw * ci; }
  int64_t dstSize() const { return n * oh * ow * co; }
  int64_t weightsSize() const { return kh * kw * ci * co; }
};

constexpr size_t GEOMETRY_ARGS = 17;

// Output maps of at most this many pixels count as small: blocked activations for the forward,
// im2col for the filter gradient (INVLAB_CONV_BLOCKED_PIXELS overrides, 0 turns both off). A function of the geometry only, so a run's kernels, and bits, do
// not depend on timing.
// An integer setting from the environment, or `fallback` when it is not set.
static int64_t envInt(const char* name, int64_t fallback) {
  const char* e = std::getenv(name);
  return e ? std::atoll(e) : fallback;
}

static int64_t blockedPixels() {
  static const int64_t v = envInt("INVLAB_CONV_BLOCKED_PIXELS", 16);
  return v;
}

// At least 256 input channels: measured faster for ResNet-18's 256 and 512; labnet's 4x4 layer
// (16 px images, 64 -> 128 channels) showed no difference, so it keeps the default kernels.
bool Geometry::smallMaps() const {
  return oh * ow <= blockedPixels() && ci >= 256 && ci % 16 == 0 && co % 16 == 0;
}

// Below AVX-512, oneDNN 2.6 has no brgemm convolutions, and its jit:avx2 kernels run much slower
// on NHWC activations than on its blocked nChw8c layout, which PyTorch reorders into. Measured
// with oneDNN verbose on an AMD EPYC (AVX2), one thread, AlexNet 64x64 batch 8, 384 -> 384
// channels: filter gradient 5.5 s NHWC vs 2.1 s blocked, forward 3.3 vs 1.5, input gradient 2.2
// vs 1.5 s; reordering an 8x384x64x64 tensor in or out costs 56 ms. So there every convolution
// with at least blockedChannels() input and output channels reorders x / dy in and y / dx out;
// the first layer (3 channels) keeps NHWC. AVX-512 keeps NHWC throughout (brgemm kernels).
static bool nhwcSlow() {
  static const bool v = [] {
    switch (dnnl::get_effective_cpu_isa()) {
      case dnnl::cpu_isa::sse41: case dnnl::cpu_isa::avx: case dnnl::cpu_isa::avx2: case dnnl::cpu_isa::avx2_vnni: return true;
      default: return false;
    }
  }();
  return v;
}

// INVLAB_CONV_BLOCKED_CHANNELS overrides (a large value keeps NHWC everywhere).
static int64_t blockedChannels() {
  static const int64_t v = envInt("INVLAB_CONV_BLOCKED_CHANNELS", 16);
  return v;
}

bool Geometry::blockedAll() const {
  return nhwcSlow() && ci >= blockedChannels() && co >= blockedChannels();
}

// `forward`: for the forward itself; false: the hint of a backward (blocked only with blockedAll).
dnnl::convolution_forward::primitive_desc forwardPd(const Geometry& g, bool bias, bool relu, bool forward) {
  const bool blocked = forward ? g.blockedForward() : g.blockedAll();
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                    blocked ? g.srcAny() : g.src(), g.weightsAny(), bias ? g.bias() : dnnl::memory::desc(),
                                    blocked ? g.dstAny() : g.dst(), g.strides(),
                                    g.dilates(), g.padL(), g.padR());
  dnnl::primitive_attr attr;
  if (relu) {
    dnnl::post_ops po;
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
    attr.set_post_ops(po);
  }
  return dnnl::convolution_forward::primitive_desc(d, attr, engine());
}

// Each keeps its reorders (and their buffers): the weights and, for a blocked forward, the activations.
struct Forward {
  dnnl::convolution_forward prim;
  Reordered weights, src, dst;
  std::string impl;
};

struct BackwardData {
  dnnl::convolution_backward_data prim;
  Reordered weights, dy, dx;
  std::string impl;
};

struct BackwardWeights {
  dnnl::convolution_backward_weights prim;
  Reordered weights, x, dy;
  std::string impl;
  // Small maps: im2col patches [n*oh*ow, kh*kw*ci] and their product with dy (see below).
  std::vector<float> patches;
  dnnl::matmul product;
};

// The patches of x for every output pixel, in HWIO's (kh, kw, ci) order, zeros where a window
// reaches into the padding.
void im2col(const Geometry& g, const float* x, float* patches) {
  const int64_t k = g.kh * g.kw * g.ci;
  for (int64_t n = 0; n < g.n; n++)
    for (int64_t oy = 0; oy < g.oh; oy++)
      for (int64_t ox = 0; ox < g.ow; ox++) {
        float* row = patches + ((n * g.oh + oy) * g.ow + ox) * k;
        for (int64_t a = 0; a < g.kh; a++)
          for (int64_t b = 0; b < g.kw; b++) {
            const int64_t iy = oy * g.sh + a * g.dh - g.pt, ix = ox * g.sw + b * g.dw - g.pl;
            float* to = row + (a * g.kw + b) * g.ci;
            if (iy < 0 || ix < 0 || iy >= g.ih || ix >= g.iw) std::memset(to, 0, g.ci * sizeof(float));
            else std::memcpy(to, x + ((n * g.ih + iy) * g.iw + ix) * g.ci, g.ci * sizeof(float));
          }
      }
}

thread_local std::unordered_map<std::string, std::unique_ptr<Forward>> forwards;
thread_local std::unordered_map<std::string, std::unique_ptr<BackwardData>> backwardData;
thread_local std::unordered_map<std::string, std::unique_ptr<BackwardWeights>> backwardWeights;

// conv2d(heap, x, filter, bias | -1, y, relu 0|1, ...geometry) -> implementation name
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  Args a(info);
  const size_t G = 6;
  Geometry g = Geometry::read(a, G);
  bool hasBias = a.i64(3) >= 0;
  bool relu = a.i64(5) != 0;
  float* x = a.at(1, g.srcSize());
  float* w = a.at(2, g.weightsSize());
  float* b = a.optional(3, g.co);
  float* y = a.at(4, g.dstSize());
  std::string key = keyOf(info, G, G + GEOMETRY_ARGS) + (hasBias ? "b" : "") + (relu ? "r" : "");
  Forward& f = cached<Forward>(forwards, key, [&] {
    auto e = std::make_unique<Forward>();
    auto pd = forwardPd(g, hasBias, relu, true);
    e->prim = dnnl::convolution_forward(pd);
    e->weights.init(g.weights(), pd.weights_desc(), true, false);
    e->src.init(g.src(), pd.src_desc(), true, false, 0);
    e->dst.init(g.dst(), pd.dst_desc(), false, true, 1);
    e->impl = pd.impl_info_str();
    return e;
  });
  std::unordered_map<int, dnnl::memory> io{
      {DNNL_ARG_SRC, f.src.prepare(x)},
      {DNNL_ARG_WEIGHTS, f.weights.prepare(w)},
      {DNNL_ARG_DST, f.dst.prepare(y)},
  };
  if (b) io.emplace(DNNL_ARG_BIAS, dnnl::memory(g.bias(), engine(), b));
  f.prim.execute(stream(), io);
  f.dst.finish(y);
  stream().wait();
  return Napi::String::New(info.Env(), f.impl);
}

// conv2dBackpropInput(heap, dy, filter, dx, ...geometry)
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  Args a(info);
  const size_t G = 4;
  Geometry g = Geometry::read(a, G);
  float* dy = a.at(1, g.dstSize());
  float* w = a.at(2, g.weightsSize());
  float* dx = a.at(3, g.srcSize());
  std::string key = keyOf(info, G, G + GEOMETRY_ARGS);
  BackwardData& f = cached<BackwardData>(backwardData, key, [&] {
    auto e = std::make_unique<BackwardData>();
    auto hint = forwardPd(g, false, false, false);
    const bool blocked = g.blockedAll();
    dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, blocked ? g.srcAny() : g.src(), g.weightsAny(),
                                            blocked ? g.dstAny() : g.dst(), g.strides(), g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_data::primitive_desc pd(d, engine(), hint);
    e->prim = dnnl::convolution_backward_data(pd);
    e->weights.init(g.weights(), pd.weights_desc(), true, false);
    e->dy.init(g.dst(), pd.diff_dst_desc(), true, false, 0);
    e->dx.init(g.src(), pd.diff_src_desc(), false, true, 1);
    e->impl = pd.impl_info_str();
    return e;
  });
  f.prim.execute(stream(), {
                               {DNNL_ARG_DIFF_DST, f.dy.prepare(dy)},
                               {DNNL_ARG_WEIGHTS, f.weights.prepare(w)},
                               {DNNL_ARG_DIFF_SRC, f.dx.prepare(dx)},
                           });
  f.dx.finish(dx);
  stream().wait();
  return Napi::String::New(info.Env(), f.impl);
}

// conv2dBackpropFilter(heap, x, dy, dfilter, dbias | -1, ...geometry)
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  Args a(info);
  const size_t G = 5;
  Geometry g = Geometry::read(a, G);
  bool hasBias = a.i64(4) >= 0;
  float* x = a.at(1, g.srcSize());
  float* dy = a.at(2, g.dstSize());
  float* dw = a.at(3, g.weightsSize());
  float* db = a.optional(4, g.co);
  std::string key = keyOf(info, G, G + GEOMETRY_ARGS) + (hasBias ? "b" : "");
  // Small maps without a bias (ResNet-18's 4x4 stage): oneDNN's direct filter-gradient kernels
  // parallelise and block over the output pixels, of which there are 16; as one matrix product of
  // the patches (9.4 MB for 512 channels, built in ~1 ms) with dy, dW = patches^T x dy comes out
  // in HWIO directly (512 -> 512 at 4x4, batch 32: 25.6 instead of 46.9 CPU ms, reorder included).
  // Strided 1x1 convolutions with fewer input channels than oneDNN's channel block take the same
  // path: oneDNN 2.6's jit_1x1 filter gradient on NHWC writes past its reduce-to-unit-stride
  // buffer there and corrupts the heap (oneDNN issue #6035; seen here on AVX2 with ci = 4,
  // stride 2, as `free(): invalid next size` in a later allocation).
  const bool rtusBug = g.kh == 1 && g.kw == 1 && (g.sh > 1 || g.sw > 1) && g.ci < 16;
  if ((!hasBias && g.smallMaps()) || rtusBug) {
    const int64_t m = g.n * g.oh * g.ow, k = g.kh * g.kw * g.ci;
    BackwardWeights& f = cached<BackwardWeights>(backwardWeights, key, [&] {
      auto e = std::make_unique<BackwardWeights>();
      e->patches.resize(m * k);
      dnnl::memory::desc patchesT({k, m}, dt::f32, dims{1, k}), dyDesc({m, g.co}, dt::f32, tag::ab), dwDesc({k, g.co}, dt::f32, tag::ab);
      dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(patchesT, dyDesc, dwDesc), engine());
      e->product = dnnl::matmul(pd);
      e->impl = std::string("im2col + matmul ") + pd.impl_info_str();
      return e;
    });
    im2col(g, x, f.patches.data());
    f.product.execute(stream(), {{DNNL_ARG_SRC, dnnl::memory({{k, m}, dt::f32, dims{1, k}}, engine(), f.patches.data())},
                                 {DNNL_ARG_WEIGHTS, dnnl::memory({{m, g.co}, dt::f32, tag::ab}, engine(), dy)},
                                 {DNNL_ARG_DST, dnnl::memory({{k, g.co}, dt::f32, tag::ab}, engine(), dw)}});
    stream().wait();
    if (db) {  // the bias gradient: dy summed over every output pixel of the batch
      std::fill(db, db + g.co, 0.f);
      for (int64_t r = 0; r < m; r++)
        for (int64_t c = 0; c < g.co; c++) db[c] += dy[r * g.co + c];
    }
    return Napi::String::New(info.Env(), f.impl);
  }
  BackwardWeights& f = cached<BackwardWeights>(backwardWeights, key, [&] {
    auto e = std::make_unique<BackwardWeights>();
    auto hint = forwardPd(g, hasBias, false, false);
    const bool blocked = g.blockedAll();
    dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct, blocked ? g.srcAny() : g.src(), g.weightsAny(),
                                               hasBias ? g.bias() : dnnl::memory::desc(), blocked ? g.dstAny() : g.dst(),
                                               g.strides(), g.dilates(), g.padL(), g.padR());
    dnnl::convolution_backward_weights::primitive_desc pd(d, engine(), hint);
    e->prim = dnnl::convolution_backward_weights(pd);
    e->weights.init(g.weights(), pd.diff_weights_desc(), false, true);
    e->x.init(g.src(), pd.src_desc(), true, false, 0);
    e->dy.init(g.dst(), pd.diff_dst_desc(), true, false, 1);
    e->impl = pd.impl_info_str();
    return e;
  });
  std::unordered_map<int, dnnl::memory> io{
      {DNNL_ARG_SRC, f.x.prepare(x)},
      {DNNL_ARG_DIFF_DST, f.dy.prepare(dy)},
      {DNNL_ARG_DIFF_WEIGHTS, f.weights.prepare(dw)},
  };
  if (db) io.emplace(DNNL_ARG_DIFF_BIAS, dnnl::memory(g.bias(), engine(), db));
  f.prim.execute(stream(), io);
  f.weights.finish(dw);
  stream().wait();
  return Napi::String::New(info.Env(), f.impl);
}

}  // namespace

void registerConv2d(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, guarded<Conv2d>));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, guarded<Conv2dBackpropInput>));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, guarded<Conv2dBackpropFilter>));
}

}  // namespace invlab
