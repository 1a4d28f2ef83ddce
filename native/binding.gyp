{
  # Invariance Lab's oneDNN kernels (issue 10). Built by scripts/build-native.mjs at `npm install`
  # against Debian's libdnnl-dev (oneDNN 2.6.3, the version PyTorch 1.13 on Debian uses).
  "targets": [
    {
      "target_name": "invlab_native",
      "sources": [
        "src/addon.cc",
        "src/batchnorm.cc",
        "src/conv2d.cc",
        "src/matmul.cc",
        "src/pool.cc",
        "src/sgd.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-ffp-contract=off"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
