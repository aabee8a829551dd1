"""Objects in an S3-protocol bucket (AWS S3, MinIO): the production profile's BlobStore."""
