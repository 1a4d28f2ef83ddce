// The loading / loaded / error triple every list store keeps, and the one way to fill it.
import { ref } from 'vue';
import { errorText } from '../api';

export function useLoadState() {
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  /** Runs `load`; its failure becomes `error` (the list keeps what it had), success clears it. */
  async function track(load: () => Promise<void>, showLoading = true): Promise<void> {
    if (showLoading) loading.value = true;
    try {
      await load();
      error.value = null;
      loaded.value = true;
    } catch (e) {
      error.value = errorText(e);
    } finally {
      loading.value = false;
    }
  }

  return { loading, loaded, error, track };
}
