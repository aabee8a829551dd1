"""Photo endpoints of spec 4.1.2, the multipart create of spec 4.2.1, and direct-upload links.

Photos arrive as multipart/form-data (streamed, within limits: ``entrypoints.http.multipart``)
or, for clients that cannot send multipart, as base64 in JSON (the seed guide's body). Either
way each photo is named ``photos[N]`` in problems, and the first failed check of each is
reported (``application.photo_intake``).

Multipart fields: ``photos[N][file]`` with ``photos[N][viewType]`` (front, side, back, other),
or a file part named after its view (``front``, ``side``...); the hints of the measurement
step, each optional: ``heightCm``, ``weightKg``, ``gender`` (female, male) and ``clothing``
(tight, regular, loose: what the person wears in the photos); ``autoProcess`` (true); to
create an avatar also ``name``, ``avatarType`` (photo_based), ``description``, ``tags`` (a
JSON array or comma-separated), ``preferences`` (JSON) and ``skinTone``. The same hints go
in a JSON body (camelCase), with the photos as ``{"viewType", "imageBase64"}``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.exceptions import ValidationException
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from application.create_avatar import CreateAvatarCommand
from application.photo_intake import (
    CreatePhotoAvatar,
    DeletePhoto,
    DirectUpload,
    IncomingPhoto,
    ListPhotos,
    PhotoChecker,
    PhotosRejected,
    ProcessAvatarPhotos,
    RejectedPhoto,
    StorePhotos,
    Submitted,
    UploadPhotos,
    photo_label,
)
from application.photos import RequestPhotoUpload
from application.ports import BlobStore
from domain.access import Viewer
from domain.avatar import AvatarStatus, AvatarType, Visibility
from domain.measurements import Gender
from domain.photo import PhotoUpload, ViewType
from domain.photo_checks import BodyHints, Check, Clothing, PhotoRejected
from entrypoints.http import schemas
from entrypoints.http.bodies import IssueKind, decode_json, first_issue
from entrypoints.http.injection import Injected
from entrypoints.http.multipart import (
    FileTooLarge,
    Form,
    Limits,
    is_multipart,
    read_body,
    read_form,
)

PROCESSING_ESTIMATE = "a few seconds per photo"
JSON_PHOTOS_PER_REQUEST = 2  # base64 bodies are held whole: multipart streams, JSON cannot
FORM_OVERHEAD_BYTES = 256 * 1024
VIEW_TYPES = ("front", "side", "back", "other")
_INDEXED = re.compile(r"^photos\[(\d{1,3})\]\[(file|viewType)\]$")
ViewTypeName = Literal["front", "side", "back", "other"]


# -- bodies -------------------------------------------------------------------------------------
class UploadPhotosRequest(schemas.Request):
    photos: list[schemas.Base64Photo]
    height_cm: float | None = None
    weight_kg: float | None = None
    gender: schemas.GenderName | None = None
    clothing: schemas.ClothingName | None = None
    auto_process: bool = True


class DirectUploadInput(schemas.Request):
    photo_id: UUID
    view_type: ViewTypeName


class ProcessPhotosRequest(schemas.Request):
    uploads: list[DirectUploadInput] = msgspec.field(default_factory=list)


class PhotoListBody(schemas.Response):
    avatar_id: UUID
    photos: list[schemas.PhotoBody]
    processing_estimate: str | None = None


class PhotoAvatarBody(schemas.AvatarBody):
    photos: list[schemas.PhotoBody] = msgspec.field(default_factory=list)


class _FormFields(schemas.Request):
    """The text fields of a multipart create or upload, as typed values."""

    name: str | None = None
    avatar_type: str | None = None
    description: str | None = None
    tags: list[str] = msgspec.field(default_factory=list)
    preferences: schemas.Preferences = msgspec.field(default_factory=schemas.Preferences)
    height_cm: float | None = None
    weight_kg: float | None = None
    gender: schemas.GenderName | None = None
    clothing: schemas.ClothingName | None = None
    auto_process: bool | None = None
    skin_tone: str | None = None


Hinted = _FormFields | schemas.CreateAvatarRequest | UploadPhotosRequest


# -- OpenAPI: the multipart form, which the handlers read themselves (streamed) -----------------
def _string(description: str, **more: Any) -> Schema:
    return Schema(type=OpenAPIType.STRING, description=description, **more)


PHOTO_FORM_FIELDS: dict[str, Schema | Reference] = {
    "photos[0][file]": _string(
        "a photo (JPEG, PNG or WebP); photos[1][file]... the same", format=OpenAPIFormat.BINARY
    ),
    "photos[0][viewType]": _string("the view of photos[0]", enum=list(VIEW_TYPES)),
    "front": _string(
        "a photo named after its view (also side, back, other)", format=OpenAPIFormat.BINARY
    ),
    "heightCm": Schema(
        type=OpenAPIType.NUMBER, description="hint: the height typed by the user, in cm (the scale)"
    ),
    "weightKg": Schema(type=OpenAPIType.NUMBER, description="hint: the weight, in kg"),
    "gender": _string("hint: the body's sex for the body model", enum=["female", "male"]),
    "clothing": _string(
        "hint: what the person wears in the photos", enum=["tight", "regular", "loose"]
    ),
    "autoProcess": Schema(type=OpenAPIType.BOOLEAN, description="queue the photos (default true)"),
}
CREATE_FORM_FIELDS: dict[str, Schema | Reference] = {
    "name": _string("the avatar's name"),
    "avatarType": _string("photo_based", enum=["photo_based"]),
    "description": _string("the avatar's description"),
    "tags": _string("a JSON array or comma-separated tags"),
    "preferences": _string(
        "JSON: autoProcess, visibility, allowExport, allowAITraining, sharedWith"
    ),
    "skinTone": _string("#rrggbb, the base colour of the model files"),
    **PHOTO_FORM_FIELDS,
}


def _with_form(fields: dict[str, Schema | Reference], required: list[str]) -> type[Operation]:
    """An Operation whose request body also declares the multipart form ``fields``."""

    @dataclass
    class WithForm(Operation):
        def __post_init__(self) -> None:
            content = (
                dict(self.request_body.content)
                if isinstance(self.request_body, RequestBody)
                else {}
            )
            content["multipart/form-data"] = OpenAPIMediaType(
                schema=Schema(type=OpenAPIType.OBJECT, properties=fields, required=required or None)
            )
            self.request_body = RequestBody(content=content, required=True)

    return WithForm


CreateWithForm = _with_form(CREATE_FORM_FIELDS, ["name", "avatarType"])
UploadWithForm = _with_form(PHOTO_FORM_FIELDS, [])


# -- helpers ------------------------------------------------------------------------------------
def photo_avatar_command(
    viewer: Viewer, fields: _FormFields | schemas.CreateAvatarRequest, auto_process: bool
) -> CreateAvatarCommand:
    """The create command of a photo avatar, from a multipart form or a JSON body."""
    preferences = fields.preferences
    assert fields.name is not None and fields.avatar_type is not None  # checked by the caller
    return CreateAvatarCommand(
        viewer=viewer,
        name=fields.name,
        avatar_type=AvatarType(fields.avatar_type),
        description=fields.description,
        visibility=Visibility(preferences.visibility),
        allow_export=preferences.allow_export,
        allow_ai_training=preferences.allow_ai_training,
        tags=tuple(fields.tags),
        shared_with=tuple(preferences.shared_with),
        auto_process=auto_process,
        skin_tone=fields.skin_tone,
        hints=hints_of(fields),
    )


def _invalid(field: str, message: str) -> ValidationException:
    return ValidationException(
        f"invalid {field}", extra=[{"key": field, "message": message, "source": "body"}]
    )


def _limits(checker: PhotoChecker) -> Limits:
    settings = checker.settings
    files = settings.max_photos_per_avatar
    per_file = settings.limits.max_bytes
    return Limits(
        file_bytes=per_file,
        files=files,
        body_bytes=files * per_file + FORM_OVERHEAD_BYTES,
    )


def _json_limit(checker: PhotoChecker) -> int:
    base64_bytes = (checker.settings.limits.max_bytes + 2) // 3 * 4
    return JSON_PHOTOS_PER_REQUEST * (base64_bytes + 1024) + 64 * 1024


def _too_large(error: FileTooLarge) -> PhotosRejected:
    index = _index_of(error.part.name)
    field_name = f"photos[{index}]"
    view_name = error.fields.get(f"photos[{index}][viewType]", error.part.name)
    view = ViewType(view_name) if view_name in VIEW_TYPES else None
    reason = f"the file is larger than the limit of {error.limit} bytes"
    label = photo_label(field_name, view, error.part.filename)
    return PhotosRejected([RejectedPhoto(field_name, label, PhotoRejected(Check.SIZE, reason))])


async def _read_form(request: Request[Any, Any, Any], checker: PhotoChecker) -> Form:
    try:
        return await read_form(request, _limits(checker), checker.sniff)
    except FileTooLarge as error:
        raise _too_large(error) from None


def _index_of(part_name: str) -> int:
    found = _INDEXED.match(part_name)
    return int(found.group(1)) if found else 0


def photos_from_form(form: Form) -> list[Submitted]:
    """The photos of a form, in order: ``photos[N][file]`` (with ``photos[N][viewType]``) by N,
    then files named after their view in the order sent."""
    indexed: dict[int, Submitted] = {}
    named: list[Submitted] = []
    for position, part in enumerate(form.files):
        found = _INDEXED.match(part.name)
        if found and found.group(2) == "file":
            index = int(found.group(1))
            if index in indexed:
                raise _invalid(part.name, f"two files are named {part.name}")
            view = form.fields.get(f"photos[{index}][viewType]")
            if view is None:
                raise _invalid(
                    f"photos[{index}][viewType]",
                    "give each photo a viewType: front, side, back or other",
                )
            if view not in VIEW_TYPES:
                raise _invalid(
                    f"photos[{index}][viewType]",
                    f"viewType is front, side, back or other, not '{view[:40]}'",
                )
            indexed[index] = _submitted(index, ViewType(view), part.filename, part)
        elif part.name in VIEW_TYPES:
            named.append(_submitted(position, ViewType(part.name), part.filename, part))
        else:
            raise _invalid(
                part.name,
                "name photo files photos[N][file] (with photos[N][viewType]) "
                "or front, side, back, other",
            )
    ordered = [indexed[index] for index in sorted(indexed)] + named
    return [_relabelled(photo, number) for number, photo in enumerate(ordered)]


def _submitted(index: int, view: ViewType, filename: str, part: Any) -> Submitted:
    field_name = f"photos[{index}]"
    label = photo_label(field_name, view, filename)
    if part.rejection is not None:
        return RejectedPhoto(field_name, label, part.rejection)
    return IncomingPhoto(field_name, view, filename, part.data)


def _relabelled(photo: Submitted, number: int) -> Submitted:
    """Photos are named by their position in the request (photos[0], photos[1]...)."""
    field_name = f"photos[{number}]"
    if isinstance(photo, RejectedPhoto):
        label = field_name + photo.label.removeprefix(photo.field)
        return RejectedPhoto(field_name, label, photo.rejection)
    return IncomingPhoto(field_name, photo.view_type, photo.filename, photo.data)


def _form_fields(form: Form) -> _FormFields:
    raw: dict[str, Any] = {}
    for key, value in form.fields.items():
        if _INDEXED.match(key):
            continue
        if key == "preferences":
            try:
                raw[key] = msgspec.json.decode(value)
            except msgspec.DecodeError:
                raise _invalid("preferences", "preferences must be a JSON object") from None
        elif key == "tags":
            stripped = value.strip()
            if stripped.startswith("["):
                try:
                    raw[key] = msgspec.json.decode(stripped)
                except msgspec.DecodeError:
                    raise _invalid("tags", "tags must be a JSON array or comma-separated") from None
            else:
                raw[key] = [tag.strip() for tag in stripped.split(",") if tag.strip()]
        else:
            raw[key] = value
    try:
        return msgspec.convert(raw, _FormFields, strict=False)
    except msgspec.ValidationError:
        issue = first_issue(raw, _FormFields, strict=False)
    if issue.kind is IssueKind.UNKNOWN:
        raise _invalid(issue.field, f"unknown form field '{issue.field}'")
    raise _invalid(issue.field, issue.message)


def hints_of(fields: Hinted) -> BodyHints | None:
    """What the request says about the body in the photos (None: nothing); the values are
    already of their types (msgspec), the ranges are the domain's (``InvalidValue``)."""
    hints = BodyHints(
        height_cm=fields.height_cm,
        weight_kg=fields.weight_kg,
        gender=Gender(fields.gender) if fields.gender else None,
        clothing=Clothing(fields.clothing) if fields.clothing else None,
    )
    return None if hints.empty else hints


def _photos_from_base64(photos: Sequence[schemas.Base64Photo]) -> list[Submitted]:
    if len(photos) > JSON_PHOTOS_PER_REQUEST:
        raise _invalid(
            "photos",
            f"a JSON body carries at most {JSON_PHOTOS_PER_REQUEST} photos; "
            "send more as multipart/form-data",
        )
    submitted: list[Submitted] = []
    for index, photo in enumerate(photos):
        view = ViewType(photo.view_type)
        text = photo.image_base64
        if text.startswith("data:"):
            text = text.split(",", 1)[-1]
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise _invalid(
                f"photos[{index}].imageBase64", "imageBase64 is not valid base64"
            ) from None
        submitted.append(IncomingPhoto(f"photos[{index}]", view, photo.filename, data))
    return submitted


async def photo_bodies(
    photos: Sequence[PhotoUpload], blobs: BlobStore, link_expiry_s: int = 300
) -> list[schemas.PhotoBody]:
    bodies = []
    for photo in photos:
        body = schemas.photo_body(photo)
        if photo.thumbnail_key:
            body.thumbnail_url = await blobs.download_url(photo.thumbnail_key, link_expiry_s)
        if photo.processed_key:
            body.processed_url = await blobs.download_url(photo.processed_key, link_expiry_s)
        bodies.append(body)
    return bodies


# -- POST /api/v1/avatars as multipart/form-data (spec 4.2.1) -----------------------------------
async def create_from_form(
    request: Request[Any, Any, Any],
    viewer: Viewer,
    checker: PhotoChecker,
    create: CreatePhotoAvatar,
    blobs: BlobStore,
) -> PhotoAvatarBody:
    """POST /api/v1/avatars as multipart/form-data: a photo_based avatar with its photos, the
    form read as it streams in."""
    form = await _read_form(request, checker)
    fields = _form_fields(form)
    if fields.name is None:
        raise _invalid("name", "the form needs a name field")
    if fields.avatar_type is None:
        raise _invalid("avatarType", "the form needs an avatarType field (photo_based)")
    if fields.avatar_type not in {t.value for t in AvatarType}:
        raise _invalid("avatarType", f"avatarType '{fields.avatar_type[:40]}' is not known")
    photos = photos_from_form(form)
    preferences = fields.preferences
    auto_process = preferences.auto_process if fields.auto_process is None else fields.auto_process
    avatar, stored = await create(photo_avatar_command(viewer, fields, auto_process), photos)
    body = schemas.avatar_body(avatar)
    if avatar.status is AvatarStatus.PROCESSING or auto_process:
        body.processing_estimate = PROCESSING_ESTIMATE
    return PhotoAvatarBody(**msgspec.structs.asdict(body), photos=await photo_bodies(stored, blobs))


async def create_with_json_photos(
    data: schemas.CreateAvatarRequest,
    viewer: Viewer,
    create: CreatePhotoAvatar,
    blobs: BlobStore,
) -> PhotoAvatarBody:
    """POST /api/v1/avatars as JSON with base64 photos (the seed guide's body)."""
    preferences = data.preferences
    command = dataclasses.replace(
        photo_avatar_command(viewer, data, preferences.auto_process),
        measurements=data.measurements.given() if data.measurements else None,
        preset_id=data.preset_id,
    )
    avatar, stored = await create(command, _photos_from_base64(data.photos or []))
    body = schemas.avatar_body(avatar)
    if preferences.auto_process:
        body.processing_estimate = PROCESSING_ESTIMATE
    return PhotoAvatarBody(**msgspec.structs.asdict(body), photos=await photo_bodies(stored, blobs))


# -- /api/v1/avatars/{id}/photos ----------------------------------------------------------------
class PhotoController(Controller):
    path = "/api/v1/avatars/{avatar_id:uuid}/photos"
    tags = ["photos"]
    security = [{"BearerToken": []}]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        request_max_body_size=None,  # limits are counted while streaming (multipart.py)
        summary="Upload photos (multipart/form-data, or base64 JSON)",
        description=__doc__,
        operation_class=UploadWithForm,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        photo_checker: Injected[PhotoChecker],
        store_photos: Injected[StorePhotos],
        upload_photos: Injected[UploadPhotos],
        blobs: Injected[BlobStore],
    ) -> PhotoListBody:
        await store_photos.precheck(viewer, avatar_id)  # 404 / 403 before the body is read
        if is_multipart(request):
            form = await _read_form(request, photo_checker)
            fields = _form_fields(form)
            unexpected = {"name", "avatarType", "description", "tags", "preferences"}
            for key in form.fields:
                if key in unexpected:
                    raise _invalid(key, f"'{key}' belongs to creating an avatar, not to photos")
            photos = photos_from_form(form)
            hints = hints_of(fields)
            process = True if fields.auto_process is None else fields.auto_process
        else:
            data = decode_json(
                await read_body(request, _json_limit(photo_checker)), UploadPhotosRequest
            )
            photos = _photos_from_base64(data.photos)
            hints, process = hints_of(data), data.auto_process
        stored = await upload_photos(viewer, avatar_id, photos, hints=hints, process=process)
        return PhotoListBody(
            avatar_id=avatar_id,
            photos=await photo_bodies(stored, blobs),
            processing_estimate=PROCESSING_ESTIMATE if process else None,
        )

    @get("/", summary="The avatar's photos (only its owner sees them)")
    async def list_photos(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        list_photos: Injected[ListPhotos],
        blobs: Injected[BlobStore],
        include_deleted: Annotated[bool, QueryParameter(name="includeDeleted")] = False,
    ) -> PhotoListBody:
        photos = await list_photos(viewer, avatar_id, include_deleted=include_deleted)
        return PhotoListBody(avatar_id=avatar_id, photos=await photo_bodies(photos, blobs))

    @delete(
        "/{photo_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a photo and everything made from it",
    )
    async def delete_photo(
        self,
        avatar_id: FromPath[UUID],
        photo_id: FromPath[UUID],
        viewer: Injected[Viewer],
        delete_photo: Injected[DeletePhoto],
    ) -> None:
        await delete_photo(viewer, avatar_id, photo_id)

    @post(
        "/process",
        status_code=HTTP_202_ACCEPTED,
        summary="Process the photos waiting: uploaded ones, failed ones, and direct uploads",
    )
    async def process(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        process_avatar_photos: Injected[ProcessAvatarPhotos],
        blobs: Injected[BlobStore],
        data: JSONBody[ProcessPhotosRequest | None] = None,
    ) -> PhotoListBody:
        uploads = [
            DirectUpload(upload.photo_id, ViewType(upload.view_type))
            for upload in (data.uploads if data else [])
        ]
        result = await process_avatar_photos(viewer, avatar_id, uploads)
        return PhotoListBody(
            avatar_id=avatar_id,
            photos=await photo_bodies(result.photos, blobs),
            processing_estimate=PROCESSING_ESTIMATE,
        )

    @post(
        "/upload-url",
        status_code=HTTP_201_CREATED,
        summary="A signed link to upload one photo straight to storage",
    )
    async def upload_url(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.PhotoUploadLinkRequest],
        viewer: Injected[Viewer],
        request_photo_upload: Injected[RequestPhotoUpload],
    ) -> schemas.PhotoUploadLinkBody:
        link = await request_photo_upload(
            viewer,
            avatar_id,
            view_type=ViewType(data.view_type),
            content_type=data.content_type,
            size_bytes=data.size_bytes,
        )
        return schemas.PhotoUploadLinkBody(
            photo_id=link.photo_id,
            view_type=link.view_type.value,
            upload_url=link.upload.url,
            method=link.upload.method,
            headers=dict(link.upload.headers),
            expires_at=link.upload.expires_at,
            max_bytes=link.max_bytes,
        )
