"""Running ONNX models for the service's estimators, on the best accelerator present.

- ``providers``: choosing TensorRT -> CUDA -> CPU from settings and what is installed;
- ``engine``: one model in one onnxruntime session, with checked inputs and a warm-up;
- ``batching``: gathering concurrent requests into batches;
- ``registry``: which model (name, version, file hash, signature) produced a result;
- ``hmr2``: the HMR2 network in torch, its checkpoint loader, its export to ONNX/TensorRT.

No business logic: the service's adapters call this package through their ports.
"""
