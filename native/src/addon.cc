// Module entry: version and ISA info, the thread count, and the shared helpers of common.h.
#include "common.h"
#include <omp.h>
#include <vector>

namespace invlab {

dnnl::engine& engine() {
  thread_local dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream& stream() {
  thread_local dnnl::stream s(engine());
  return s;
}

Args::Args(const Napi::CallbackInfo& i) : info(i) {
  if (!info[0].IsArrayBuffer()) throw Napi::TypeError::New(info.Env(), "first argument must be the heap ArrayBuffer");
  auto buffer = info[0].As<Napi::ArrayBuffer>();
  heap = static_cast<char*>(buffer.Data());
  heapBytes = buffer.ByteLength();
}

int64_t Args::i64(size_t k) const {
  return info[k].As<Napi::Number>().Int64Value();
}

float* Args::at(size_t k, int64_t floats) const {
  int64_t offset = i64(k);
  if (offset < 0 || offset % 4 != 0 || static_cast<uint64_t>(offset) + static_cast<uint64_t>(floats) * 4 > heapBytes) {
    throw Napi::RangeError::New(info.Env(), "tensor at byte offset " + std::to_string(offset) + " (" + std::to_string(floats) +
                                                " floats) lies outside the heap of " + std::to_string(heapBytes) + " bytes");
  }
  return reinterpret_cast<float*>(heap + offset);
}

float* Args::optional(size_t k, int64_t floats) const {
  return i64(k) < 0 ? nullptr : at(k, floats);
}

std::string keyOf(const Napi::CallbackInfo& info, size_t from, size_t to) {
  std::string key;
  for (size_t k = from; k < to; k++) {
    key += std::to_string(info[k].As<Napi::Number>().Int64Value());
    key += ',';
  }
  return key;
}

void* scratch(int slot, size_t bytes) {
  thread_local std::vector<float> buffers[2];
  auto& b = buffers[slot];
  if (b.size() * sizeof(float) < bytes) {
    b.clear();
    b.shrink_to_fit();
    b.resize((bytes + sizeof(float) - 1) / sizeof(float));
  }
  return b.data();
}

void Reordered::init(const dnnl::memory::desc& userDesc, const dnnl::memory::desc& internalDesc, bool in, bool out, int scratchSlot) {
  user = userDesc;
  internal = internalDesc;
  needed = !(user == internal);
  if (!needed) return;
  slot = scratchSlot;
  buffer = slot >= 0 ? dnnl::memory(internal, engine(), DNNL_MEMORY_NONE) : dnnl::memory(internal, engine());
  dnnl::memory userMem(user, engine(), DNNL_MEMORY_NONE);
  if (in) toInternal = dnnl::reorder(userMem, buffer);
  if (out) toUser = dnnl::reorder(buffer, userMem);
}

dnnl::memory Reordered::prepare(float* userData) {
  if (!needed) return dnnl::memory(user, engine(), userData);
  if (slot >= 0) buffer.set_data_handle(scratch(slot, internal.get_size()));
  if (toInternal) {
    dnnl::memory userMem(user, engine(), userData);
    toInternal.execute(stream(), userMem, buffer);
  }
  return buffer;
}

void Reordered::finish(float* userData) {
  if (!needed || !toUser) return;
  dnnl::memory userMem(user, engine(), userData);
  toUser.execute(stream(), buffer, userMem);
}

static std::string isaName() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "SSE4.1";
    case dnnl::cpu_isa::avx: return "AVX";
    case dnnl::cpu_isa::avx2: return "AVX2";
    case dnnl::cpu_isa::avx2_vnni: return "AVX2-VNNI";
    case dnnl::cpu_isa::avx512_core: return "AVX-512";
    case dnnl::cpu_isa::avx512_core_vnni: return "AVX-512 VNNI";
    case dnnl::cpu_isa::avx512_core_bf16: return "AVX-512 BF16";
    case dnnl::cpu_isa::avx512_core_amx: return "AVX-512 AMX";
    default: return "baseline ISA";
  }
}

static Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const dnnl_version_t* v = dnnl_version();
  Napi::Object o = Napi::Object::New(env);
  o.Set("version", std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
  o.Set("isa", isaName());
  o.Set("threads", omp_get_max_threads());
  o.Set("processors", omp_get_num_procs());
  return o;
}

// Sets the calling thread's OpenMP team size (each worker_thread has its own) and returns it.
static Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int n = info[0].As<Napi::Number>().Int32Value();
  if (n >= 1) omp_set_num_threads(n);
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, guarded<Info>));
  exports.Set("setThreads", Napi::Function::New(env, guarded<SetThreads>));
  registerConv2d(env, exports);
  registerMatMul(env, exports);
  registerPool(env, exports);
  registerSgd(env, exports);
  registerBatchNorm(env, exports);
  return exports;
}

}  // namespace invlab

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return invlab::Init(env, exports); }
NODE_API_MODULE(invlab_native, InitModule)
