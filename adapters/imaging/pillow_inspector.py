"""The ImageInspector over Pillow: magic bytes, bounded decoding, EXIF facts, clean re-encoding.

Order inside ``clean``: the file's structure (truncation, trailing payloads), the header
(format, frame count, dimensions after the EXIF orientation: refused before any pixel is
decoded, so a 100 000 x 100 000 "bomb" costs nothing), the EXIF facts (capture date,
device, focal length: ``adapters.imaging.exif``), then the decoding
itself, the orientation, sRGB conversion and a new JPEG holding pixels only. Re-encoding from
pixels, rather than deleting metadata segments, also drops whatever a file hides in places a
segment filter does not know (comments, unknown chunks, appended images).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from datetime import UTC, datetime, timedelta, timezone

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from adapters.imaging.exif import focal_length_35mm_of
from adapters.imaging.structure import check_structure
from application.ports import CleanImage, RgbImage
from domain.photo_checks import Check, ImageFormat, PhotoLimits, PhotoRejected

try:  # HEIC is an optional extra: `pip install pillow-heif`
    from pillow_heif import register_heif_opener  # type: ignore[import-not-found]

    register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIC_SUPPORTED = False

ImageFile.LOAD_TRUNCATED_IMAGES = False
PIL_FORMATS = {
    ImageFormat.JPEG: "JPEG",
    ImageFormat.PNG: "PNG",
    ImageFormat.WEBP: "WEBP",
    ImageFormat.HEIC: "HEIF",
}
CLEAN_JPEG_QUALITY = 92
ORIENTATION, MAKE, MODEL, DATE_TIME = 0x0112, 0x010F, 0x0110, 0x0132
EXIF_IFD, DATE_TIME_ORIGINAL, DATE_TIME_DIGITIZED = 0x8769, 0x9003, 0x9004
OFFSET_TIME_ORIGINAL, OFFSET_TIME = 0x9011, 0x9010
_SRGB = ImageCms.createProfile("sRGB")

# What a file is, by its first bytes, for the formats people send by mistake.
_OTHER_FILES: tuple[tuple[bytes, int, str], ...] = (
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"PK\x03\x04", 0, "a ZIP archive"),
    (b"PK\x05\x06", 0, "a ZIP archive"),
    (b"%PDF", 0, "a PDF document"),
    (b"BM", 0, "a BMP image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"\x00\x00\x01\x00", 0, "an icon file"),
    (b"8BPS", 0, "a Photoshop document"),
    (b"MZ", 0, "a Windows program"),
    (b"\x7fELF", 0, "a Linux program"),
    (b"Rar!", 0, "a RAR archive"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf", 0, "a 7-Zip archive"),
    (b"\xff\x0a", 0, "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL ", 0, "a JPEG XL image"),
)
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_MARKUP = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(\?xml|svg|!doctype|html)", re.IGNORECASE)


def _accepted_names() -> str:
    return "JPEG, PNG, WebP or HEIC" if HEIC_SUPPORTED else "JPEG, PNG or WebP"


def _not_an_accepted_image(what: str) -> PhotoRejected:
    return PhotoRejected(Check.FORMAT, f"the file is {what}, not a {_accepted_names()} image")


class PillowImageInspector:
    def sniff(self, head: bytes) -> ImageFormat:
        if head.startswith(b"\xff\xd8\xff"):
            return ImageFormat.JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return ImageFormat.PNG
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return ImageFormat.WEBP
        if head[4:8] == b"ftyp":
            brand = head[8:12]
            if brand in _HEIF_BRANDS:
                if HEIC_SUPPORTED:
                    return ImageFormat.HEIC
                raise PhotoRejected(
                    Check.FORMAT,
                    "HEIC photos are not accepted by this server; send JPEG, PNG or WebP",
                )
            if brand in (b"avif", b"avis"):
                raise _not_an_accepted_image("an AVIF image")
            raise _not_an_accepted_image("a video or ISO media file")
        for magic, offset, what in _OTHER_FILES:
            if head[offset : offset + len(magic)] == magic:
                raise _not_an_accepted_image(what)
        markup = _MARKUP.match(head)
        if markup is not None:
            kind = markup.group(1).lower()
            what = "an SVG drawing" if kind in (b"svg", b"?xml") else "an HTML page"
            raise _not_an_accepted_image(what)
        raise _not_an_accepted_image("of an unknown kind")

    def clean(
        self, data: bytes, image_format: ImageFormat, limits: PhotoLimits, preview_side_px: int
    ) -> CleanImage:
        check_structure(data, image_format)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                opened = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[image_format]])
            with opened as image:
                return self._clean_open(image, image_format, limits, preview_side_px)
        except PhotoRejected:
            raise
        except UnidentifiedImageError:
            raise PhotoRejected(
                Check.DECODING,
                f"the file is not a valid {image_format.name} image (corrupted header)",
            ) from None
        except SyntaxError as error:  # what Pillow raises for broken chunks and segments
            raise PhotoRejected(
                Check.DECODING,
                f"the file is not a valid {image_format.name} image (corrupted header: {error})",
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            side = limits.max_side_px
            raise PhotoRejected(
                Check.RESOLUTION,
                f"the image has far more pixels than {side}x{side}, the most accepted",
            ) from None
        except (OSError, ValueError, EOFError, struct.error, MemoryError) as error:
            raise PhotoRejected(
                Check.DECODING, f"the image cannot be decoded: {_reason(error)}"
            ) from None

    def _clean_open(
        self,
        image: Image.Image,
        image_format: ImageFormat,
        limits: PhotoLimits,
        preview_side_px: int,
    ) -> CleanImage:
        if getattr(image, "n_frames", 1) > 1:
            raise PhotoRejected(Check.DECODING, "animated images are not accepted")
        exif = image.getexif()
        orientation = exif.get(ORIENTATION, 1)
        width, height = image.size
        upright = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
        limits.check_resolution(*upright)  # from the header: nothing is decoded yet
        capture_date, device_info = _capture_date(exif), _device(exif)
        focal_35mm = focal_length_35mm_of(exif, (width, height))  # before the copy drops it
        icc = image.info.get("icc_profile")
        image.load()
        picture = ImageOps.exif_transpose(image) if orientation != 1 else image
        picture = _to_srgb(picture, icc)
        buffer = io.BytesIO()
        # No exif=, icc_profile= or comment: the new file holds pixels only.
        picture.save(buffer, "JPEG", quality=CLEAN_JPEG_QUALITY)
        preview = _reduced(picture, preview_side_px)
        return CleanImage(
            image_format=ImageFormat.JPEG,
            data=buffer.getvalue(),
            width=picture.width,
            height=picture.height,
            capture_date=capture_date,
            device_info=device_info,
            preview=RgbImage(preview.width, preview.height, preview.tobytes()),
            focal_length_35mm=focal_35mm,
        )

    def decode(self, data: bytes, max_side_px: int) -> RgbImage:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":
                image.draft("RGB", (max_side_px, max_side_px))  # decodes at 1/2, 1/4, 1/8
            image.load()
            picture = _reduced(_to_srgb(image, None), max_side_px)
            return RgbImage(picture.width, picture.height, picture.tobytes())


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "truncated" in text:
        return "the file is truncated"
    return text[:200]


def _reduced(image: Image.Image, max_side_px: int) -> Image.Image:
    scale = max_side_px / max(image.size)
    if scale >= 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """8-bit RGB in sRGB: profiles applied, alpha over white, 16-bit scaled down."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image if image.mode in ("RGB", "CMYK", "L") else image.convert("RGB"),
                source,
                _SRGB,
                outputMode="RGB",
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are taken as sRGB
    return image if image.mode == "RGB" else image.convert("RGB")


def _text(value: object, limit: int = 100) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable()).strip()
    return cleaned[:limit] or None


def _device(exif: Image.Exif) -> str | None:
    make, model = _text(exif.get(MAKE)), _text(exif.get(MODEL))
    if make and model and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part) or None


def _capture_date(exif: Image.Exif) -> datetime | None:
    details = exif.get_ifd(EXIF_IFD)
    text = _text(
        details.get(DATE_TIME_ORIGINAL) or details.get(DATE_TIME_DIGITIZED) or exif.get(DATE_TIME)
    )
    if not text:
        return None
    try:
        taken = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = _text(details.get(OFFSET_TIME_ORIGINAL) or details.get(OFFSET_TIME))
    zone: timezone = UTC
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", offset or "")
    if match:
        sign = 1 if match.group(1) == "+" else -1
        zone = timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))
    return taken.replace(tzinfo=zone).astimezone(UTC)
