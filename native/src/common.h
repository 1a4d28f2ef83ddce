// Shared pieces of the oneDNN kernels: the per-thread engine and stream, tensor views into the
// caller's heap (tfjs-wasm's linear memory, or any ArrayBuffer), and argument reading.
#pragma once
#include <napi.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace invlab {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;
using dims = dnnl::memory::dims;

// One engine and stream per OS thread: every worker_thread of the app runs its own jobs, and
// oneDNN's OpenMP team is per calling thread, so nothing here is shared between workers.
dnnl::engine& engine();
dnnl::stream& stream();

// Arguments arrive as (heap: ArrayBuffer, offsets and sizes: numbers). The heap is re-read on
// every call because growing a WebAssembly.Memory replaces its buffer.
struct Args {
  const Napi::CallbackInfo& info;
  char* heap;
  size_t heapBytes;
  explicit Args(const Napi::CallbackInfo& i);
  int64_t i64(size_t k) const;
  // A float pointer into the heap at byte offset info[k], checked against `floats` values.
  float* at(size_t k, int64_t floats) const;
  // Optional pointer: a negative offset means absent.
  float* optional(size_t k, int64_t floats) const;
};

// Primitives are expensive to create (microseconds to milliseconds); each kernel keeps the ones
// it made, per thread, keyed by its geometry.
template <typename Entry>
Entry& cached(std::unordered_map<std::string, std::unique_ptr<Entry>>& cache, const std::string& key,
              const std::function<std::unique_ptr<Entry>()>& make) {
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  auto entry = make();
  Entry& ref = *entry;
  cache.emplace(key, std::move(entry));
  return ref;
}

std::string keyOf(const Napi::CallbackInfo& info, size_t from, size_t to);

// A reorder from a user layout into the layout a primitive chose (or nothing when they match).
// Weights own their internal copy. Activations (slot >= 0) borrow one of the calling thread's
// scratch buffers instead (scratch(slot, bytes)): a kernel call uses at most two at once and calls
// on a thread never overlap, so two growable buffers per thread serve every geometry, where one
// copy per cached primitive would hold a gigabyte for AlexNet's 64x64 layers.
struct Reordered {
  dnnl::memory::desc user, internal;
  bool needed = false;
  int slot = -1;
  dnnl::memory buffer;  // the internal copy (owned here, or a view of a scratch slot)
  dnnl::reorder toInternal, toUser;
  void init(const dnnl::memory::desc& userDesc, const dnnl::memory::desc& internalDesc, bool in, bool out, int scratchSlot = -1);
  // Memory for the primitive: the internal buffer, or the user's data itself.
  dnnl::memory prepare(float* userData);
  void finish(float* userData);
};

// The calling thread's scratch buffer `slot` (0 or 1), grown to at least `bytes`.
void* scratch(int slot, size_t bytes);

// A JS-callable function whose C++ exceptions (oneDNN's dnnl::error, std::bad_alloc) reach JS as
// errors: node-addon-api converts only its own Napi::Error, and anything else would abort Node.
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  try {
    return F(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("invlab native: ") + e.what());
  }
}

void registerConv2d(Napi::Env env, Napi::Object exports);
void registerMatMul(Napi::Env env, Napi::Object exports);
void registerPool(Napi::Env env, Napi::Object exports);
void registerSgd(Napi::Env env, Napi::Object exports);
void registerBatchNorm(Napi::Env env, Napi::Object exports);

}  // namespace invlab
