"""HMR2 (4D-Humans): the network in torch, its checkpoint loader, and its export to ONNX.

- ``config``: the network's shape (official ViT-H/16, a small one, or model_config.yaml);
- ``network``: the torch modules, named as in the official checkpoint;
- ``checkpoint``: loading ``epoch=35-step=1000000.ckpt`` safely (no pickled code runs);
- ``export``: ONNX with a dynamic batch and external weights, and a TensorRT engine.

The exported model takes ``image`` (N, 3, 256, 192): a person crop, RGB, scaled to [0, 1]
and normalised with the ImageNet mean and deviation; it returns ``global_orient``
(N, 1, 3, 3), ``body_pose`` (N, 23, 3, 3), ``betas`` (N, 10) and ``camera`` (N, 3), the
weak-perspective scale and translation.
"""
