"""Body models (anny, SMPL/SMPL-X), the anthropometry engine and mesh geometry."""
