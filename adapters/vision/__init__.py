"""Computer vision behind the PersonDetector port (MediaPipe)."""
