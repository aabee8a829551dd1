"""3D model files of an avatar (spec 2.2.4, 2.3.3, 3.1.4, 4.1.5): generate, list, get, download.

A generation builds the body once (``BodyModel.build``), writes each asked format at each
asked level of detail (``MeshExporter``), stores every file under the avatar's ``models/``
folder, then records the ``ModelFile`` rows and one ``avatar.model_generated`` event in a
unit of work. Files are written before their rows (a failure leaves orphans the sweep
removes, never a row without its file); a new file replaces the avatar's previous file of
the same format and level, whose object the sweep removes once no row points to it.

Each file's ``generationParameters`` hold what rebuilds the same body: the body model's
name and version, its parameters and the appearance, e.g.
``{"bodyModel": {"name": "anny", "version": "0.6.2"}, "parameters": {...},
"appearance": {"skinTone": "#c8a58c"}}``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol
from uuid import UUID

from application.access import load_modifiable, load_readable
from application.errors import BodyModelUnavailable, ModelFileNotFound, NotAllowed
from application.ports import (
    Appearance,
    BlobStore,
    BodyModel,
    BodyShape,
    Clock,
    FitRequest,
    IdGenerator,
    MeshExporter,
    UnitOfWork,
    UnitOfWorkFactory,
)
from application.storage import model_key
from domain.access import Viewer, can_modify
from domain.avatar import Avatar, AvatarStatus
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.model_file import GenerationMethod, LodLevel, ModelFile, ModelFormat

ALL_FORMATS: tuple[ModelFormat, ...] = tuple(ModelFormat)
ALL_LEVELS: tuple[LodLevel, ...] = tuple(LodLevel)
_SKIN_TONE = re.compile(r"^#[0-9a-fA-F]{6}$")


def generation_parameters(shape: BodyShape, appearance: Appearance) -> dict[str, object]:
    """What a model file records to rebuild its body (``ModelFile.generation_parameters``)."""
    return {
        "bodyModel": {"name": shape.model_name, "version": shape.model_version},
        "parameters": dict(shape.parameters),
        "appearance": {"skinTone": appearance.skin_tone},
    }


def shape_of(parameters: Mapping[str, object]) -> BodyShape | None:
    """The body shape recorded in a model file's generation parameters, if it has one."""
    body_model, values = parameters.get("bodyModel"), parameters.get("parameters")
    if not isinstance(body_model, Mapping) or not isinstance(values, Mapping):
        return None
    name, version = body_model.get("name"), body_model.get("version")
    if not isinstance(name, str) or not isinstance(version, str):
        return None
    if not all(isinstance(v, int | float) for v in values.values()):
        return None
    return BodyShape(
        model_name=name,
        model_version=version,
        parameters={str(k): float(v) for k, v in values.items()},
    )


def appearance_of(parameters: Mapping[str, object]) -> Appearance | None:
    appearance = parameters.get("appearance")
    if isinstance(appearance, Mapping):
        tone = appearance.get("skinTone")
        if isinstance(tone, str) and _SKIN_TONE.match(tone):
            return Appearance(skin_tone=tone.lower())
    return None


def checked_appearance(skin_tone: str | None) -> Appearance:
    """An ``Appearance`` of the given skin tone (``#rrggbb``), the default one for None."""
    if skin_tone is None:
        return Appearance()
    if not _SKIN_TONE.match(skin_tone):
        raise InvalidValue(
            f"a skin tone is an sRGB colour written #rrggbb, not {skin_tone!r}", field="skinTone"
        )
    return Appearance(skin_tone=skin_tone.lower())


def _checked_choice(
    formats: Sequence[ModelFormat], levels: Sequence[LodLevel]
) -> tuple[tuple[ModelFormat, ...], tuple[LodLevel, ...]]:
    if not formats:
        raise InvalidValue("ask for at least one format", field="formats")
    if not levels:
        raise InvalidValue("ask for at least one level of detail", field="lodLevels")
    return tuple(dict.fromkeys(formats)), tuple(dict.fromkeys(levels))


class ModelFileWriter(Protocol):
    """What processing needs of model generation: write an avatar's files, then record them
    in the unit of work that saves the processed avatar."""

    async def write_files(
        self,
        avatar: Avatar,
        shape: BodyShape,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
        appearance: Appearance | None = None,
        generation_method: GenerationMethod = GenerationMethod.PARAMETRIC,
    ) -> tuple[ModelFile, ...]: ...

    async def record(
        self, uow: UnitOfWork, avatar: Avatar, files: tuple[ModelFile, ...], *, body_model: str
    ) -> None: ...


class NoModelFiles:
    """Processing that generates no model files (``AVATAR_AUTO_MODEL_FORMATS`` empty): the
    avatar is measured and completed; files come when asked for (``GenerateAvatarModels``)."""

    async def write_files(
        self,
        avatar: Avatar,
        shape: BodyShape,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
        appearance: Appearance | None = None,
        generation_method: GenerationMethod = GenerationMethod.PARAMETRIC,
    ) -> tuple[ModelFile, ...]:
        return ()

    async def record(
        self, uow: UnitOfWork, avatar: Avatar, files: tuple[ModelFile, ...], *, body_model: str
    ) -> None:
        return None


class GenerateModelFiles:
    """Write an avatar's model files and record them: the one entry point of generation."""

    def __init__(
        self,
        body_model: BodyModel,
        exporter: MeshExporter,
        blobs: BlobStore,
        clock: Clock,
        ids: IdGenerator,
        *,
        storage_bucket: str,
    ) -> None:
        self._body_model, self._exporter, self._blobs = body_model, exporter, blobs
        self._clock, self._ids, self._bucket = clock, ids, storage_bucket

    async def __call__(
        self,
        uow: UnitOfWork,
        avatar: Avatar,
        shape: BodyShape,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
        appearance: Appearance | None = None,
        generation_method: GenerationMethod = GenerationMethod.PARAMETRIC,
    ) -> tuple[ModelFile, ...]:
        """Build the body of ``shape`` and give ``avatar`` its files in ``formats`` x ``levels``.

        The files are stored at once; their rows, the replacement of older files of the same
        format and level, and the avatar's ``model_generated`` event go into ``uow``. The
        caller then saves the avatar (``uow.avatars.update``), adds its events to the outbox
        and commits, as for any change of the avatar.
        """
        files = await self.write_files(
            avatar,
            shape,
            formats=formats,
            levels=levels,
            appearance=appearance,
            generation_method=generation_method,
        )
        await self.record(
            uow, avatar, files, body_model=f"{shape.model_name} {shape.model_version}"
        )
        return files

    async def write_files(
        self,
        avatar: Avatar,
        shape: BodyShape,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
        appearance: Appearance | None = None,
        generation_method: GenerationMethod = GenerationMethod.PARAMETRIC,
    ) -> tuple[ModelFile, ...]:
        """Build the body and store its files; the returned rows are not recorded yet."""
        formats, levels = _checked_choice(formats, levels)
        appearance = appearance or Appearance()
        body = await self._body_model.build(shape)
        parameters = generation_parameters(shape, appearance)
        files: list[ModelFile] = []
        for level in levels:
            for model_format in formats:
                exported = await self._exporter.export(body, model_format, level, appearance)
                model_id = self._ids.new_id()
                key = model_key(
                    avatar.user_id, avatar.id, model_id, level.value, exported.file_extension
                )
                stored = await self._blobs.put(key, exported.data, exported.content_type)
                files.append(
                    ModelFile(
                        id=model_id,
                        avatar_id=avatar.id,
                        format=model_format,
                        lod_level=level,
                        file_size=stored.size,
                        storage_key=key,
                        storage_bucket=self._bucket,
                        vertex_count=exported.vertex_count,
                        face_count=exported.face_count,
                        texture_count=exported.texture_count,
                        generation_method=generation_method,
                        created_at=self._clock.now(),
                        generation_parameters=parameters,
                    )
                )
        return tuple(files)

    async def record(
        self, uow: UnitOfWork, avatar: Avatar, files: tuple[ModelFile, ...], *, body_model: str
    ) -> None:
        """Add the rows of stored files to ``uow``, replacing older files of the same format
        and level, and record the ``model_generated`` event on ``avatar``."""
        if not files:
            raise InvalidValue("a model generation produces at least one file", field="formats")
        replaced = {(f.format, f.lod_level) for f in files}
        for old in await uow.model_files.list_for_avatar(avatar.id):
            if (old.format, old.lod_level) in replaced:
                await uow.model_files.delete(old.id)
        for model_file in files:
            await uow.model_files.add(model_file)
        avatar.attach_models(
            self._clock.now(),
            files,
            generation_method=files[0].generation_method.value,
            body_model=body_model,
        )


class GenerateAvatarModels:
    """``POST /avatars/{id}/models/generate``: the owner asks for formats and levels."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        body_model: BodyModel,
        generate: GenerateModelFiles,
    ) -> None:
        self._uow_factory, self._body_model, self._generate = uow_factory, body_model, generate

    async def __call__(
        self,
        viewer: Viewer,
        avatar_id: UUID,
        *,
        formats: Sequence[ModelFormat] = ALL_FORMATS,
        levels: Sequence[LodLevel] = ALL_LEVELS,
        skin_tone: str | None = None,
    ) -> tuple[ModelFile, ...]:
        """New files of a completed avatar, built from the body its last generation used
        (else fitted to its measurements), in the skin tone given or used last time.

        The body and files are made outside any transaction; the rows are recorded in a
        short one at the end (``AvatarNotFound`` if the avatar went away meanwhile).
        """
        formats, levels = _checked_choice(formats, levels)
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            previous = await uow.model_files.list_for_avatar(avatar_id)
        if avatar.status is not AvatarStatus.COMPLETED:
            raise InvalidStatusTransition(
                f"models are generated for a completed avatar; this one is {avatar.status}",
                field="status",
            )
        readiness = self._body_model.readiness()
        if not readiness.ready:
            raise BodyModelUnavailable(
                f"the body model is not ready yet ({readiness.detail}); try again shortly",
                field="formats",
            )
        shape, appearance = await self._body_of(avatar, previous)
        if skin_tone is not None:
            appearance = checked_appearance(skin_tone)
        files = await self._generate.write_files(
            avatar, shape, formats=formats, levels=levels, appearance=appearance
        )
        async with self._uow_factory() as uow:
            avatar = await load_modifiable(uow, avatar_id, viewer)
            await self._generate.record(
                uow, avatar, files, body_model=f"{shape.model_name} {shape.model_version}"
            )
            await uow.avatars.update(avatar)
            await uow.commit()
        return files

    async def _body_of(
        self, avatar: Avatar, previous: Sequence[ModelFile]
    ) -> tuple[BodyShape, Appearance]:
        for model_file in reversed(previous):  # the newest first
            shape = shape_of(model_file.generation_parameters)
            if shape is not None and shape.model_name == self._body_model.name:
                return shape, appearance_of(model_file.generation_parameters) or Appearance()
        if avatar.measurements is None:
            raise InvalidValue("the avatar has no measurements to build a body from", field="id")
        profile = avatar.measurements
        fitted = await self._body_model.fit(
            FitRequest(measurements=profile.given, gender=profile.gender)
        )
        return fitted.shape, Appearance()


def _may_download(avatar: Avatar, viewer: Viewer) -> None:
    if not avatar.allow_export and not can_modify(avatar, viewer):
        raise NotAllowed(
            "the owner of this avatar has disallowed export (allowExport is false), so its "
            "model files cannot be downloaded; the owner can turn it back on",
            field="allowExport",
        )


class ListModelFiles:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID) -> list[ModelFile]:
        """The avatar's model files, oldest first, for anyone who may see the avatar."""
        async with self._uow_factory(read_only=True) as uow:
            await load_readable(uow, avatar_id, viewer)
            return await uow.model_files.list_for_avatar(avatar_id)


async def _model_file(uow: UnitOfWork, avatar_id: UUID, model_file_id: UUID) -> ModelFile:
    model_file = await uow.model_files.get(model_file_id)
    if model_file is None or model_file.avatar_id != avatar_id:
        raise ModelFileNotFound(
            f"avatar {avatar_id} has no model file {model_file_id}", field="modelId"
        )
    return model_file


class GetModelFile:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, viewer: Viewer, avatar_id: UUID, model_file_id: UUID) -> ModelFile:
        """One model file of an avatar the viewer may see."""
        async with self._uow_factory(read_only=True) as uow:
            await load_readable(uow, avatar_id, viewer)
            return await _model_file(uow, avatar_id, model_file_id)


@dataclass(frozen=True, slots=True)
class ModelDownload:
    """How to hand a model file over: a short-lived link, or its bytes streamed."""

    model_file: ModelFile
    content_type: str
    size: int
    sha256: str  # of the stored bytes: the ETag
    file_name: str
    link: str | None = None
    chunks: AsyncIterator[bytes] | None = None


class DownloadModelFile:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        blobs: BlobStore,
        *,
        link_expiry_s: int,
        redirect: bool,
    ) -> None:
        self._uow_factory, self._blobs = uow_factory, blobs
        self._link_expiry_s, self._redirect = link_expiry_s, redirect

    async def __call__(self, viewer: Viewer, avatar_id: UUID, model_file_id: UUID) -> ModelDownload:
        """The file for the owner, or for anyone who may see the avatar if its owner allows
        export (``NotAllowed`` otherwise). With ``redirect`` (object stores that sign links)
        a short-lived link, else its bytes as a stream (read only when iterated)."""
        async with self._uow_factory(read_only=True) as uow:
            avatar = await load_readable(uow, avatar_id, viewer)
            model_file = await _model_file(uow, avatar_id, model_file_id)
        _may_download(avatar, viewer)
        info = await self._blobs.info(model_file.storage_key)
        extension = model_file.storage_key.rsplit("/", 1)[-1].split(".", 1)[-1]
        download = ModelDownload(
            model_file=model_file,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            file_name=f"avatar-{avatar_id}-{model_file.lod_level.value}.{extension}",
        )
        if self._redirect:
            link = await self._blobs.download_url(model_file.storage_key, self._link_expiry_s)
            return replace(download, link=link)
        return replace(download, chunks=self._blobs.stream(model_file.storage_key))
