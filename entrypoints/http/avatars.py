"""The avatar endpoints of spec 4.1.1 and 4.1.3 (GET/PUT measurements, extract, validate)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from application.create_avatar import CreateAvatar, CreateAvatarCommand
from application.extract_measurements import ExtractMeasurements
from application.manage_avatar import (
    DeleteAvatar,
    DuplicateAvatar,
    UpdateAvatar,
    UpdateAvatarCommand,
)
from application.measurements import (
    GetMeasurements,
    UpdateMeasurements,
    UpdateMeasurementsCommand,
    ValidateMeasurements,
)
from application.photo_intake import CreatePhotoAvatar, PhotoChecker
from application.ports import AvatarQuery, BlobStore, Clock, SortField
from application.query_avatars import GetAvatar, ListAvatars
from application.versions import CompareAvatars, ExportAvatar, ListVersions
from domain.access import Viewer
from domain.avatar import AvatarStatus, AvatarType, Visibility
from domain.measurements import Gender
from domain.units import MeasurementUnit
from entrypoints.http import schemas
from entrypoints.http.bodies import decode_json
from entrypoints.http.injection import Injected
from entrypoints.http.jobs import job_location
from entrypoints.http.multipart import is_multipart
from entrypoints.http.photos import (
    CreateWithForm,
    create_from_form,
    create_with_json_photos,
    hints_of,
)

PROCESSING_ESTIMATE = "a few seconds"
PHOTO_EXTRACTION_ESTIMATE = "a few seconds to a minute"
SORT_HELP = "createdAt, updatedAt or name; prefix '-' for descending"
SORTS = {
    f"{prefix}{field.value}": (field, prefix == "-") for field in SortField for prefix in ("", "-")
}


def started(body: schemas.AvatarBody) -> Response[schemas.AvatarBody]:
    """The answer to a create or a copy: with ``Location`` naming its job while it processes."""
    processing = body.job_id is not None and body.status == AvatarStatus.PROCESSING.value
    headers = {"Location": job_location(body.job_id)} if processing and body.job_id else None
    return Response(body, headers=headers)


def declare_json_body(data: schemas.CreateAvatarRequest) -> None:
    """Never resolved (no handler asks for it): it gives the OpenAPI document the JSON body of
    POST /api/v1/avatars, whose handler reads the body itself (JSON or a streamed form)."""


class AvatarController(Controller):
    path = "/api/v1/avatars"
    tags = ["avatars"]
    security = [{"BearerToken": []}]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create an avatar",
        description=(
            "JSON creates any kind of avatar; multipart/form-data creates a photo_based avatar "
            "with its photos (spec 4.2.1; fields in the photos endpoints' description)."
        ),
        operation_class=CreateWithForm,
        dependencies={"json_body": Provide(declare_json_body, sync_to_thread=False)},
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        viewer: Injected[Viewer],
        create_avatar: Injected[CreateAvatar],
        create_photo_avatar: Injected[CreatePhotoAvatar],
        photo_checker: Injected[PhotoChecker],
        blobs: Injected[BlobStore],
    ) -> Response[schemas.AvatarBody]:
        # The body is read here, not by Litestar, so that a multipart one streams within limits.
        if is_multipart(request):
            return started(
                await create_from_form(request, viewer, photo_checker, create_photo_avatar, blobs)
            )
        data = decode_json(await request.body(), schemas.CreateAvatarRequest, strict=False)
        if data.photos is not None:
            return started(await create_with_json_photos(data, viewer, create_photo_avatar, blobs))
        measurements = data.measurements
        if data.avatar_type == "photo_based":  # a draft: its gender is a hint for its photos
            gender, hints = None, hints_of(data)
        else:  # the profile's gender; any hint left is refused, naming it
            gender = Gender(data.gender) if data.gender else None
            hints = hints_of(msgspec.structs.replace(data, gender=None))
        avatar = await create_avatar(
            CreateAvatarCommand(
                viewer=viewer,
                name=data.name,
                avatar_type=AvatarType(data.avatar_type),
                measurements=measurements.given() if measurements else None,
                unit=MeasurementUnit((measurements.unit if measurements else None) or "metric"),
                preset_id=data.preset_id,
                description=data.description,
                visibility=Visibility(data.preferences.visibility),
                allow_export=data.preferences.allow_export,
                allow_ai_training=data.preferences.allow_ai_training,
                tags=tuple(data.tags),
                shared_with=tuple(data.preferences.shared_with),
                auto_process=data.preferences.auto_process,
                gender=gender,
                skin_tone=data.skin_tone,
                hints=hints,
            )
        )
        body = schemas.avatar_body(avatar)
        if avatar.status is AvatarStatus.PROCESSING:
            body.processing_estimate = PROCESSING_ESTIMATE
        return started(body)

    @get("/", summary="List your avatars")
    async def list_avatars(
        self,
        viewer: Injected[Viewer],
        list_avatars: Injected[ListAvatars],
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        cursor: FromQuery[str | None] = None,
        status: FromQuery[AvatarStatus | None] = None,
        avatar_type: Annotated[AvatarType | None, QueryParameter(name="avatarType")] = None,
        visibility: FromQuery[Visibility | None] = None,
        tag: FromQuery[str | None] = None,
        sort: Annotated[str, QueryParameter(description=SORT_HELP, enum=sorted(SORTS))] = (
            "-createdAt"
        ),
    ) -> schemas.AvatarPageBody:
        if sort not in SORTS:
            raise ValidationException(
                "invalid sort",
                extra=[
                    {
                        "key": "sort",
                        "source": "query",
                        "message": f"sort must be one of {', '.join(sorted(SORTS))}",
                    }
                ],
            )
        sort_field, descending = SORTS[sort]
        page = await list_avatars(
            viewer,
            AvatarQuery(
                limit=limit,
                status=status,
                avatar_type=avatar_type,
                visibility=visibility,
                tag=tag,
                sort=sort_field,
                descending=descending,
            ),
            cursor=cursor,
        )
        return schemas.AvatarPageBody(
            items=[schemas.summary_body(a) for a in page.items],
            next_cursor=page.next_cursor,
            limit=limit,
        )

    @get("/{avatar_id:uuid}", summary="Get an avatar")
    async def get_avatar(
        self, avatar_id: FromPath[UUID], viewer: Injected[Viewer], get_avatar: Injected[GetAvatar]
    ) -> schemas.AvatarBody:
        return schemas.details_body(await get_avatar(viewer, avatar_id))

    @put("/{avatar_id:uuid}", summary="Change an avatar's details")
    async def update_avatar(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.UpdateAvatarRequest],
        viewer: Injected[Viewer],
        update_avatar: Injected[UpdateAvatar],
    ) -> schemas.AvatarBody:
        avatar = await update_avatar(
            UpdateAvatarCommand(
                viewer=viewer,
                avatar_id=avatar_id,
                name=data.name,
                description=data.description,
                visibility=Visibility(data.visibility) if data.visibility else None,
                allow_export=data.allow_export,
                allow_ai_training=data.allow_ai_training,
                tags=tuple(data.tags) if data.tags is not None else None,
                shared_with=tuple(data.shared_with) if data.shared_with is not None else None,
            )
        )
        return schemas.avatar_body(avatar)

    @delete(
        "/{avatar_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete an avatar and everything it owns",
    )
    async def delete_avatar(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        delete_avatar: Injected[DeleteAvatar],
    ) -> None:
        await delete_avatar(viewer, avatar_id)

    @get("/{avatar_id:uuid}/versions", summary="Version history, oldest first")
    async def versions(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        list_versions: Injected[ListVersions],
    ) -> list[schemas.VersionBody]:
        return [schemas.version_body(v) for v in await list_versions(viewer, avatar_id)]

    @post(
        "/{avatar_id:uuid}/duplicate",
        status_code=HTTP_201_CREATED,
        summary="Copy an avatar you can see into a new avatar of yours",
    )
    async def duplicate(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.DuplicateAvatarRequest],
        viewer: Injected[Viewer],
        duplicate_avatar: Injected[DuplicateAvatar],
    ) -> Response[schemas.AvatarBody]:
        return started(schemas.avatar_body(await duplicate_avatar(viewer, avatar_id, data.name)))

    @post(
        "/{avatar_id:uuid}/compare",
        status_code=200,
        summary="Measurement differences with another avatar or between two versions",
    )
    async def compare(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.CompareRequest],
        viewer: Injected[Viewer],
        compare_avatars: Injected[CompareAvatars],
    ) -> schemas.ComparisonBody:
        comparison = await compare_avatars(
            viewer,
            avatar_id,
            other_avatar_id=data.other_avatar_id,
            from_version=data.from_version,
            to_version=data.to_version,
        )
        return schemas.comparison_body(comparison)

    @get("/{avatar_id:uuid}/export", summary="The avatar as one JSON document")
    async def export(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        export_avatar: Injected[ExportAvatar],
        clock: Injected[Clock],
    ) -> Response[schemas.ExportBody]:
        export = await export_avatar(viewer, avatar_id)
        return Response(
            schemas.export_body(export, clock.now()),
            headers={"Content-Disposition": f'attachment; filename="avatar-{avatar_id}.json"'},
        )

    @get("/{avatar_id:uuid}/measurements", summary="Current measurements")
    async def get_measurements(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        get_measurements: Injected[GetMeasurements],
    ) -> schemas.MeasurementsBody:
        return schemas.measurements_body(await get_measurements(viewer, avatar_id))

    @put("/{avatar_id:uuid}/measurements", summary="Change measurements (a new version)")
    async def update_measurements(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.UpdateMeasurementsRequest],
        viewer: Injected[Viewer],
        update_measurements: Injected[UpdateMeasurements],
    ) -> Response[schemas.MeasurementsUpdatedBody]:
        unit = data.measurements.unit
        avatar = await update_measurements(
            UpdateMeasurementsCommand(
                viewer=viewer,
                avatar_id=avatar_id,
                measurements=data.measurements.given(),
                unit=MeasurementUnit(unit) if unit else None,
                regenerate_model=data.regenerate_model,
                change_description=data.change_description,
            )
        )
        message = (
            "Measurements updated. 3D model regeneration in progress."
            if data.regenerate_model
            else "Measurements updated."
        )
        job_id = avatar.processing_job_id if data.regenerate_model else None
        return Response(
            schemas.MeasurementsUpdatedBody(
                id=avatar.id,
                status=avatar.status.value,
                message=message,
                version=avatar.version,
                job_id=job_id,
            ),
            headers={"Location": job_location(job_id)} if job_id else None,
        )

    @post(
        "/{avatar_id:uuid}/measurements/extract",
        status_code=HTTP_202_ACCEPTED,
        summary="Measure the body from the avatar's photos again (a new version)",
        description=(
            "Runs the measurement step again on the avatar's current processed front and side "
            "photos (the newest of each view), for example after better photos were uploaded. "
            "The avatar goes to processing; when it completes, the extracted measurements are "
            "a new version. Values typed since (manualOverrides) stay as typed and the body is "
            "fitted to them. 422 (field photos) when a processed front or side photo is "
            "missing, 409 while the avatar or one of those photos is being processed."
        ),
    )
    async def extract_measurements(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        extract_measurements: Injected[ExtractMeasurements],
    ) -> Response[schemas.ExtractionStartedBody]:
        avatar = await extract_measurements(viewer, avatar_id)
        assert avatar.processing_job_id is not None  # it has just started processing
        return Response(
            schemas.ExtractionStartedBody(
                id=avatar.id,
                status=avatar.status.value,
                message="Measurement extraction from the photos in progress.",
                version=avatar.version,
                processing_estimate=PHOTO_EXTRACTION_ESTIMATE,
                job_id=avatar.processing_job_id,
            ),
            headers={"Location": job_location(avatar.processing_job_id)},
        )

    @post(
        "/{avatar_id:uuid}/measurements/validate",
        status_code=200,
        summary="Check a full measurement set without storing it",
    )
    async def validate_measurements(
        self,
        avatar_id: FromPath[UUID],
        data: JSONBody[schemas.ValidateMeasurementsRequest],
        viewer: Injected[Viewer],
        validate_measurements: Injected[ValidateMeasurements],
    ) -> schemas.ValidationResultBody:
        verdict = await validate_measurements(
            viewer,
            avatar_id,
            data.measurements.given(),
            MeasurementUnit(data.measurements.unit or "metric"),
            Gender(data.gender) if data.gender else None,
        )
        return schemas.ValidationResultBody(
            valid=verdict.valid,
            field=verdict.field,
            message=verdict.message,
            errors=[schemas.FieldIssue(field=f, message=m) for f, m in verdict.issues] or None,
        )
