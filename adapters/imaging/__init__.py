"""Image files: format checks, bounded decoding, metadata stripping, renditions."""
