// Max pooling and its gradient, NHWC in place, as plain loops over the channels rather than
// oneDNN primitives. Measured (oneDNN verbose, labnet 32x32 batch 32, 1 thread, AMD EPYC AVX2):
// oneDNN 2.6.3's NHWC pooling cost 15 ms of a 74 ms step, most of it in the backward, which needs
// the forward's workspace and so reran the forward in training mode (tfjs's MaxPoolGrad passes x
// and y, not oneDNN's workspace). PyTorch does not use oneDNN for max pooling either (its verbose
// log has no pooling primitive; ATen's own kernel runs). Pooling is memory-bound: one pass over x
// and y forward, one over x, dy and dx backward, which these loops are. The winner of a window is
// its first maximum (strict >, in window order), as tfjs's cpu backend picks it, so ties (ReLU's
// zeros) send the gradient to the same element as on cpu and wasm.
#include "common.h"
#include <omp.h>
#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

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
};

// One output pixel's window, clipped to the image (padding never wins: tfjs's cpu skips it).
struct Window {
  int64_t r0, r1, s0, s1;
  Window(const Geometry& g, int64_t p, int64_t q) {
    r0 = std::max<int64_t>(p * g.sh - g.pt, 0);
    r1 = std::min<int64_t>(p * g.sh - g.pt + g.kh, g.ih);
    s0 = std::max<int64_t>(q * g.sw - g.pl, 0);
    s1 = std::min<int64_t>(q * g.sw - g.pl + g.kw, g.iw);
  }
};

// The channel loops are compiled for AVX-512, AVX2 and baseline x86-64; the loader picks one.
__attribute__((target_clones("avx512f", "avx2", "default")))
void maxRow(const float* x, float* best, int64_t c) {
  for (int64_t k = 0; k < c; k++) best[k] = x[k] > best[k] ? x[k] : best[k];
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void argmaxRow(const float* x, float* best, int32_t* pos, int32_t at, int64_t c) {
  for (int64_t k = 0; k < c; k++) {
    const bool win = x[k] > best[k];
    best[k] = win ? x[k] : best[k];
    pos[k] = win ? at : pos[k];
  }
}

// maxPool(heap, x, y, ...geometry)
Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  Args a(info);
  const Geometry g = Geometry::read(a, 3);
  const float* x = a.at(1, g.n * g.ih * g.iw * g.c);
  float* y = a.at(2, g.n * g.oh * g.ow * g.c);
  const float lowest = -std::numeric_limits<float>::infinity();
#pragma omp parallel for schedule(static) if (g.n > 1 && omp_get_max_threads() > 1)
  for (int64_t b = 0; b < g.n; b++) {
    for (int64_t p = 0; p < g.oh; p++) {
      for (int64_t q = 0; q < g.ow; q++) {
        float* out = y + ((b * g.oh + p) * g.ow + q) * g.c;
        std::fill(out, out + g.c, lowest);
        const Window w(g, p, q);
        for (int64_t r = w.r0; r < w.r1; r++)
          for (int64_t s = w.s0; s < w.s1; s++) maxRow(x + ((b * g.ih + r) * g.iw + s) * g.c, out, g.c);
      }
    }
  }
  return info.Env().Undefined();
}

// maxPoolGrad(heap, x, dy, dx, ...geometry): dx is zero except at each window's winner, which
// gets that window's dy (summed where windows overlap).
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Args a(info);
  const Geometry g = Geometry::read(a, 4);
  const float* x = a.at(1, g.n * g.ih * g.iw * g.c);
  const float* dy = a.at(2, g.n * g.oh * g.ow * g.c);
  float* dx = a.at(3, g.n * g.ih * g.iw * g.c);
  const float lowest = -std::numeric_limits<float>::infinity();
  std::memset(dx, 0, sizeof(float) * g.n * g.ih * g.iw * g.c);
#pragma omp parallel if (g.n > 1 && omp_get_max_threads() > 1)
  {
    std::vector<float> best(g.c);
    std::vector<int32_t> pos(g.c);
    // Images are independent, so threads split the batch and never write the same dx.
#pragma omp for schedule(static)
    for (int64_t b = 0; b < g.n; b++) {
      for (int64_t p = 0; p < g.oh; p++) {
        for (int64_t q = 0; q < g.ow; q++) {
          std::fill(best.begin(), best.end(), lowest);
          std::fill(pos.begin(), pos.end(), -1);
          const Window w(g, p, q);
          for (int64_t r = w.r0; r < w.r1; r++)
            for (int64_t s = w.s0; s < w.s1; s++)
              argmaxRow(x + ((b * g.ih + r) * g.iw + s) * g.c, best.data(), pos.data(), static_cast<int32_t>(r * g.iw + s), g.c);
          const float* d = dy + ((b * g.oh + p) * g.ow + q) * g.c;
          float* base = dx + b * g.ih * g.iw * g.c;
          for (int64_t k = 0; k < g.c; k++)
            if (pos[k] >= 0) base[pos[k] * g.c + k] += d[k];
        }
      }
    }
  }
  return info.Env().Undefined();
}

}  // namespace

void registerPool(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool", Napi::Function::New(env, guarded<MaxPool>));
  exports.Set("maxPoolGrad", Napi::Function::New(env, guarded<MaxPoolGrad>));
}

}  // namespace invlab
