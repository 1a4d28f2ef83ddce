// The optimiser's update, one pass in place: SGD with momentum and weight decay exactly as the
// trainer writes it with tfjs ops (g += wd * w; v = mu * v + g; w -= lr * v), each operation
// rounded to float32 as tfjs's are (no FMA contraction: -ffp-contract=off in binding.gyp), so it
// gives the same bits as the op-by-op update. tfjs spends 8 kernel calls and 6 full passes per
// variable on it; for AlexNet's 58M weights that was half a training step.
#include "common.h"

namespace invlab {
namespace {

// sgdMomentum(heap, w, g, v, n, learningRate, momentum, weightDecay): w and v updated in place.
Napi::Value SgdMomentum(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t n = a.i64(4);
  float* w = a.at(1, n);
  const float* g = a.at(2, n);
  float* v = a.at(3, n);
  const float lr = static_cast<float>(info[5].As<Napi::Number>().DoubleValue());
  const float mu = static_cast<float>(info[6].As<Napi::Number>().DoubleValue());
  const float wd = static_cast<float>(info[7].As<Napi::Number>().DoubleValue());
#pragma omp parallel for schedule(static) if (n > (1 << 18))
  for (int64_t i = 0; i < n; i++) {
    float gi = g[i] + w[i] * wd;
    float vi = v[i] * mu + gi;
    v[i] = vi;
    w[i] = w[i] - vi * lr;
  }
  return info.Env().Undefined();
}

}  // namespace

void registerSgd(Napi::Env env, Napi::Object exports) {
  exports.Set("sgdMomentum", Napi::Function::New(env, guarded<SgdMomentum>));
}

}  // namespace invlab
