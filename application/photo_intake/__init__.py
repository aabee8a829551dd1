"""Photo intake (spec 2.2.2, 2.3.1, 4.1.2, 8.3): validate, store, preprocess, delete on schedule.

Every photo, however it arrives (multipart, base64 JSON, or a direct upload to storage), goes
through ``PhotoChecker`` before anything of it is stored. The checks run in this order and the
first failure is reported for each photo (docs/adr/0020-photo-intake.md):

1. size (the HTTP edge also counts while streaming: a 2 GB body never fills memory or disk);
2. format by content (magic bytes), never by name or Content-Type;
3. malware scan of the file as received (before any decoder sees it);
4. bounded decoding: no bombs, truncated files, polyglots or broken headers;
5. resolution after the EXIF orientation; EXIF capture date and device read; the image is
   re-encoded without any metadata, and only that clean copy is ever stored;
6. content: exactly one person, head to feet for front and side views, a face for front ones.

Accepted photos are stored under the owner's prefix, recorded ``uploaded`` and, when asked,
moved to ``processing`` with a background job (``ProcessAvatarJob`` with reason
``PHOTOS_JOB``). ``ProcessPhotos`` then removes the background with the person mask and
stores the processed picture, a thumbnail, the 2D keypoints and the mask for the measurement
step; the photo becomes ``processed`` (or ``failed``) and is deleted ``retention`` later by
``DeleteExpiredPhotos``.

One module a use case; every name is re-exported here.
"""

from application.photo_intake.checks import (
    SNIFF_BYTES,
    AcceptedPhoto,
    IncomingPhoto,
    IntakeSettings,
    PhotoChecker,
    PhotosRejected,
    RejectedPhoto,
    Submitted,
    photo_label,
)
from application.photo_intake.create_photo_avatar import CreatePhotoAvatar
from application.photo_intake.delete_photos import DeleteExpiredPhotos, DeletePhoto, load_photo
from application.photo_intake.list_photos import ListPhotos
from application.photo_intake.process_avatar_photos import (
    DirectUpload,
    ProcessAvatarPhotos,
    ProcessingRequest,
)
from application.photo_intake.process_photos import ProcessPhotos
from application.photo_intake.store_photos import (
    PHOTOS_JOB,
    StorePhotos,
    save_hints,
    start_processing,
)
from application.photo_intake.upload_photos import UploadPhotos

__all__ = [
    "PHOTOS_JOB",
    "SNIFF_BYTES",
    "AcceptedPhoto",
    "CreatePhotoAvatar",
    "DeleteExpiredPhotos",
    "DeletePhoto",
    "DirectUpload",
    "IncomingPhoto",
    "IntakeSettings",
    "ListPhotos",
    "PhotoChecker",
    "PhotosRejected",
    "ProcessAvatarPhotos",
    "ProcessPhotos",
    "ProcessingRequest",
    "RejectedPhoto",
    "StorePhotos",
    "Submitted",
    "UploadPhotos",
    "load_photo",
    "photo_label",
    "save_hints",
    "start_processing",
]
