"""SQLAlchemy Core repositories over one connection (one transaction) per unit of work."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy import mapping
from adapters.sqlalchemy.sealing import (
    ANALYSIS_SEALED,
    HINTS_SEALED,
    KEY_COLUMNS,
    PROFILE_SEALED,
    VERSION_SEALED,
    RowSealer,
    context,
    wrapped_key,
)
from adapters.sqlalchemy.tables import (
    avatar_versions,
    avatars,
    body_analyses,
    measurement_profiles,
    model_files,
    photo_body_hints,
    photo_uploads,
    user_data_keys,
)
from application.ports import AvatarPage, AvatarQuery, Keyset, SortField
from application.seen_aggregates import SeenAggregates
from domain.avatar import Avatar, AvatarVersion
from domain.errors import AvatarNameTaken, ConcurrentModification, InvalidValue
from domain.measurements import Gender
from domain.model_file import ModelFile
from domain.photo import PhotoUpload
from domain.photo_checks import BodyHints, Clothing


def _is_violation(error: IntegrityError, constraint: str, sqlite_hint: str) -> bool:
    text = str(error.orig)
    return constraint in text or sqlite_hint in text


_AGGREGATE = (
    sa.select(avatars, measurement_profiles, body_analyses, *KEY_COLUMNS)
    .select_from(
        avatars.outerjoin(measurement_profiles, measurement_profiles.c.avatar_id == avatars.c.id)
        .outerjoin(body_analyses, body_analyses.c.avatar_id == avatars.c.id)
        .outerjoin(user_data_keys, user_data_keys.c.user_id == avatars.c.user_id)
    )
    .set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL)
)


def _slices(*tables: sa.Table) -> list[tuple[tuple[str, ...], slice]]:
    """Column names and the position of each table's columns in a row of them all, in order."""
    found, start = [], 0
    for table in tables:
        names = tuple(column.name for column in table.columns)
        found.append((names, slice(start, start + len(names))))
        start += len(names)
    return found


# Rows are cut by position: name lookups in a 60-column row cost more than the query.
(_AVATAR, _PROFILE, _ANALYSIS) = _slices(avatars, measurement_profiles, body_analyses)


def _part(row: Sequence[Any], part: tuple[tuple[str, ...], slice]) -> dict[str, Any] | None:
    """One table's columns of a joined row; None for the missing side of an outer join."""
    names, where = part
    values = row[where]
    return None if values[0] is None else dict(zip(names, values, strict=True))


def _avatar_from(row: Sequence[Any], sealer: RowSealer) -> Avatar:
    avatar_values = _part(row, _AVATAR)
    assert avatar_values is not None
    profile_values = _part(row, _PROFILE)
    analysis_values = _part(row, _ANALYSIS)
    user_id, avatar_id = avatar_values["user_id"], avatar_values["id"]
    key = wrapped_key(row[-2], row[-1])
    if profile_values:
        where = context("measurement_profiles", avatar_id)
        profile_values = dict(sealer.open(user_id, key, profile_values, where))
    if analysis_values:
        where = context("body_analyses", avatar_id)
        analysis_values = dict(sealer.open(user_id, key, analysis_values, where))
    return mapping.avatar_from_row(
        avatar_values,
        mapping.profile_from_row(profile_values) if profile_values else None,
        mapping.analysis_from_row(analysis_values) if analysis_values else None,
    )


_SUMMARY_COLUMNS = (
    avatars.c.id,
    avatars.c.user_id,
    avatars.c.name,
    avatars.c.avatar_type,
    avatars.c.status,
    avatars.c.version,
    avatars.c.visibility,
    avatars.c.tags,
    avatars.c.body_type,
    avatars.c.created_at,
    avatars.c.updated_at,
)

_SORT_COLUMNS = {
    SortField.CREATED_AT: avatars.c.created_at,
    SortField.UPDATED_AT: avatars.c.updated_at,
    SortField.NAME: avatars.c.name,
}


class Reader:
    """Runs the SELECTs of a unit of work: through SQLAlchemy, or, for a read-only unit on
    PostgreSQL, straight on its asyncpg connection with the same statements compiled once.

    The hot reads (GET an avatar, list avatars) spend most of their time in SQLAlchemy's
    per-execution work; asyncpg alone is 3x cheaper (docs/adr/0011-fast-reads.md). Writing
    units always go through SQLAlchemy, whose asyncpg adapter opens the transaction lazily.
    """

    def __init__(self, connection: AsyncConnection, *, read_only: bool) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._direct = read_only and self.dialect == "postgresql"

    async def rows(self, statement: sa.Select[Any], **params: Any) -> Sequence[Sequence[Any]]:
        if not self._direct:
            return (await self.connection.execute(statement, params)).all()
        sql, names = _asyncpg_sql(statement)
        raw = await self.connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        return await driver.fetch(sql, *(params[name] for name in names))  # type: ignore[no-any-return]


@functools.cache
def _asyncpg_sql(statement: sa.Select[Any]) -> tuple[str, tuple[str, ...]]:
    """The statement's SQL for asyncpg and the order of its parameters (statements are
    module constants or cached by shape, so this runs once per shape)."""
    compiled = statement.compile(dialect=_ASYNCPG)
    return str(compiled), tuple(compiled.positiontup or ())


_ASYNCPG = asyncpg_dialect.dialect()
_GET_AVATAR = _AGGREGATE.where(avatars.c.id == sa.bindparam("avatar_id"))
_GET_AVATAR_FOR_UPDATE = _GET_AVATAR.with_for_update(of=avatars)


@functools.cache
def _list_statement(
    dialect: str,
    *,
    status: bool,
    avatar_type: bool,
    visibility: bool,
    tag: bool,
    sort: SortField,
    descending: bool,
    after: bool,
) -> sa.Select[Any]:
    """The list query for one combination of filters, with bind parameters for the values."""
    statement = sa.select(*_SUMMARY_COLUMNS).where(avatars.c.user_id == sa.bindparam("user_id"))
    if status:
        statement = statement.where(avatars.c.status == sa.bindparam("status"))
    if avatar_type:
        statement = statement.where(avatars.c.avatar_type == sa.bindparam("avatar_type"))
    if visibility:
        statement = statement.where(avatars.c.visibility == sa.bindparam("visibility"))
    if tag:
        statement = statement.where(_has_tag(dialect))
    column = _SORT_COLUMNS[sort]
    if after:
        keyset = sa.tuple_(column, avatars.c.id)
        bound = sa.tuple_(
            sa.bindparam("after_key", type_=column.type),
            sa.bindparam("after_id", type_=avatars.c.id.type),
        )
        statement = statement.where(keyset < bound if descending else keyset > bound)
    order = (column.desc(), avatars.c.id.desc()) if descending else (column, avatars.c.id)
    return statement.order_by(*order).limit(sa.bindparam("limit"))


def _has_tag(dialect: str) -> sa.ColumnElement[bool]:
    if dialect == "postgresql":
        return avatars.c.tags.op("@>")(
            sa.cast(sa.bindparam("tags", type_=avatars.c.tags.type), avatars.c.tags.type)
        )
    each = sa.func.json_each(avatars.c.tags).table_valued("value")
    return sa.exists(
        sa.select(sa.literal(1)).select_from(each).where(each.c.value == sa.bindparam("tag"))
    )


_MODEL_FILES_OF = (
    sa.select(model_files)
    .where(model_files.c.avatar_id == sa.bindparam("avatar_id"))
    .order_by(model_files.c.created_at, model_files.c.id)
)
_MODEL_FILE_NAMES = tuple(column.name for column in model_files.columns)


class SqlAvatarRepository:
    def __init__(self, reader: Reader, seen: SeenAggregates, sealer: RowSealer) -> None:
        self._reader, self._seen, self._sealer = reader, seen, sealer
        self._connection = reader.connection

    async def add(self, avatar: Avatar) -> None:
        self._seen.saw(avatar)
        try:
            await self._connection.execute(avatars.insert(), mapping.avatar_row(avatar))
        except IntegrityError as error:
            if _is_violation(error, "unique_user_avatar_name", "avatars.user_id, avatars.name"):
                raise AvatarNameTaken(
                    f"you already have an avatar named '{avatar.name}'", field="name"
                ) from None
            raise
        await self._save_children(avatar)

    async def get(self, avatar_id: UUID, *, for_update: bool = False) -> Avatar | None:
        # SQLite needs no row lock: its writers already take turns (BEGIN IMMEDIATE).
        locking = for_update and self._reader.dialect == "postgresql"
        rows = await self._reader.rows(
            _GET_AVATAR_FOR_UPDATE if locking else _GET_AVATAR, avatar_id=avatar_id
        )
        return self._seen.saw(_avatar_from(rows[0], self._sealer)) if rows else None

    async def lock_owner(self, user_id: UUID) -> None:
        if self._connection.dialect.name == "postgresql":
            key = int.from_bytes(user_id.bytes[:8], "big", signed=True)
            await self._connection.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))

    async def update(self, avatar: Avatar) -> None:
        self._seen.saw(avatar)
        values = mapping.avatar_row(avatar)
        del values["id"]
        try:
            result = await self._connection.execute(
                avatars.update().where(avatars.c.id == avatar.id).values(values)
            )
        except IntegrityError as error:
            if _is_violation(error, "unique_user_avatar_name", "avatars.user_id, avatars.name"):
                raise AvatarNameTaken(
                    f"you already have an avatar named '{avatar.name}'", field="name"
                ) from None
            raise
        if result.rowcount == 0:
            raise InvalidValue(f"avatar {avatar.id} does not exist", field="id")
        await self._save_children(avatar)

    async def _save_children(self, avatar: Avatar) -> None:
        seal, owner = self._sealer.seal, avatar.user_id
        if avatar.measurements is not None:
            row = mapping.profile_row(avatar.measurements)
            where = context("measurement_profiles", avatar.id)
            await self._upsert(
                measurement_profiles, avatar.id, await seal(owner, row, PROFILE_SEALED, where)
            )
        if avatar.body_analysis is not None:
            row = mapping.analysis_row(avatar.body_analysis)
            where = context("body_analyses", avatar.id)
            await self._upsert(
                body_analyses, avatar.id, await seal(owner, row, ANALYSIS_SEALED, where)
            )

    async def _upsert(self, table: sa.Table, avatar_id: UUID, row: dict[str, Any]) -> None:
        result = await self._connection.execute(
            table.update().where(table.c.avatar_id == avatar_id).values(row)
        )
        if result.rowcount == 0:
            await self._connection.execute(table.insert(), row)

    async def delete(self, avatar_id: UUID) -> None:
        # Children go by ON DELETE CASCADE.
        await self._connection.execute(avatars.delete().where(avatars.c.id == avatar_id))

    async def list(
        self, user_id: UUID, query: AvatarQuery, *, after: Keyset | None = None
    ) -> AvatarPage:
        statement = _list_statement(
            self._reader.dialect,
            status=query.status is not None,
            avatar_type=query.avatar_type is not None,
            visibility=query.visibility is not None,
            tag=query.tag is not None,
            sort=query.sort,
            descending=query.descending,
            after=after is not None,
        )
        params: dict[str, Any] = {"user_id": user_id, "limit": query.limit + 1}
        if query.status is not None:
            params["status"] = query.status.value
        if query.avatar_type is not None:
            params["avatar_type"] = query.avatar_type.value
        if query.visibility is not None:
            params["visibility"] = query.visibility.value
        if query.tag is not None:
            params["tag"], params["tags"] = query.tag, [query.tag]
        if after is not None:
            params["after_key"], params["after_id"] = after
        rows = await self._reader.rows(statement, **params)
        items = [mapping.summary_from_row(row) for row in rows[: query.limit]]
        return AvatarPage(items, has_more=len(rows) > query.limit)

    async def ids_for_user(self, user_id: UUID) -> list[UUID]:
        rows = await self._connection.execute(
            sa.select(avatars.c.id)
            .where(avatars.c.user_id == user_id)
            .order_by(avatars.c.created_at, avatars.c.id)
        )
        return [row.id for row in rows]

    async def count_for_user(self, user_id: UUID) -> int:
        result = await self._connection.execute(
            sa.select(sa.func.count()).select_from(avatars).where(avatars.c.user_id == user_id)
        )
        return int(result.scalar_one())

    async def get_many(self, avatar_ids: Sequence[UUID]) -> builtins.list[Avatar]:
        found: builtins.list[Avatar] = []
        for chunk in _chunks(list(dict.fromkeys(avatar_ids))):
            result = await self._connection.execute(_AGGREGATE.where(avatars.c.id.in_(chunk)))
            found += [self._seen.saw(_avatar_from(row, self._sealer)) for row in result.all()]
        return found

    async def id_for_job(self, job_id: UUID) -> UUID | None:
        statement = sa.select(avatars.c.id).where(avatars.c.processing_job_id == job_id)
        return (await self._connection.execute(statement.limit(1))).scalar_one_or_none()

    async def name_taken(self, user_id: UUID, name: str, *, excluding: UUID | None = None) -> bool:
        statement = sa.select(avatars.c.id).where(
            avatars.c.user_id == user_id, avatars.c.name == name
        )
        if excluding is not None:
            statement = statement.where(avatars.c.id != excluding)
        return (await self._connection.execute(statement.limit(1))).first() is not None


_VERSIONS_WITH_KEY = sa.select(avatar_versions, avatars.c.user_id, *KEY_COLUMNS).select_from(
    avatar_versions.join(avatars, avatars.c.id == avatar_versions.c.avatar_id).outerjoin(
        user_data_keys, user_data_keys.c.user_id == avatars.c.user_id
    )
)
_VERSION_NAMES = tuple(column.name for column in avatar_versions.columns)


async def _owner_of(connection: AsyncConnection, avatar_id: UUID) -> UUID:
    owner = (
        await connection.execute(sa.select(avatars.c.user_id).where(avatars.c.id == avatar_id))
    ).scalar_one_or_none()
    if owner is None:
        raise InvalidValue(f"avatar {avatar_id} does not exist", field="avatarId")
    return owner


class SqlVersionRepository:
    def __init__(self, connection: AsyncConnection, sealer: RowSealer) -> None:
        self._connection, self._sealer = connection, sealer

    def _version_from(self, row: Sequence[Any]) -> AvatarVersion:
        values = dict(zip(_VERSION_NAMES, row[: len(_VERSION_NAMES)], strict=True))
        user_id, key_id, wrapped = row[len(_VERSION_NAMES) :]
        where = context("avatar_versions", values["avatar_id"], values["version"])
        opened = self._sealer.open(user_id, wrapped_key(key_id, wrapped), values, where)
        return mapping.version_from_row(opened)

    async def add(self, version: AvatarVersion) -> None:
        owner = await _owner_of(self._connection, version.avatar_id)
        where = context("avatar_versions", version.avatar_id, version.version)
        row = await self._sealer.seal(owner, mapping.version_row(version), VERSION_SEALED, where)
        try:
            await self._connection.execute(avatar_versions.insert(), row)
        except IntegrityError as error:
            if _is_violation(error, "fk_avatar_versions_avatar_id", "FOREIGN KEY constraint"):
                raise InvalidValue(
                    f"avatar {version.avatar_id} does not exist", field="avatarId"
                ) from None
            raise ConcurrentModification(
                f"version {version.version} of avatar {version.avatar_id} exists already; "
                "the avatar changed meanwhile, retry",
                field="version",
            ) from None

    async def list_for_avatar(self, avatar_id: UUID) -> list[AvatarVersion]:
        result = await self._connection.execute(
            _VERSIONS_WITH_KEY.where(avatar_versions.c.avatar_id == avatar_id).order_by(
                avatar_versions.c.version
            )
        )
        return [self._version_from(row) for row in result]

    async def get(self, avatar_id: UUID, version: int) -> AvatarVersion | None:
        result = await self._connection.execute(
            _VERSIONS_WITH_KEY.where(
                avatar_versions.c.avatar_id == avatar_id, avatar_versions.c.version == version
            )
        )
        row = result.first()
        return self._version_from(row) if row else None


class SqlPhotoRepository:
    def __init__(
        self, connection: AsyncConnection, seen: SeenAggregates, sealer: RowSealer
    ) -> None:
        self._connection, self._seen, self._sealer = connection, seen, sealer

    async def add(self, photo: PhotoUpload) -> None:
        self._seen.saw(photo)
        try:
            await self._connection.execute(photo_uploads.insert(), mapping.photo_row(photo))
        except IntegrityError:
            raise InvalidValue(
                f"avatar {photo.avatar_id} does not exist", field="avatarId"
            ) from None

    async def get(self, photo_id: UUID) -> PhotoUpload | None:
        result = await self._connection.execute(
            sa.select(photo_uploads).where(photo_uploads.c.id == photo_id)
        )
        row = result.first()
        return self._seen.saw(mapping.photo_from_row(row._mapping)) if row else None

    async def update(self, photo: PhotoUpload) -> None:
        self._seen.saw(photo)
        values = mapping.photo_row(photo)
        del values["id"]
        await self._connection.execute(
            photo_uploads.update().where(photo_uploads.c.id == photo.id).values(values)
        )

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        used: set[str] = set()
        table = photo_uploads
        columns = (
            table.c.storage_key,
            table.c.processed_key,
            table.c.thumbnail_key,
            table.c.keypoints_key,
            table.c.mask_key,
        )
        for chunk in _chunks(candidates):
            for column in columns:
                rows = await self._connection.execute(
                    sa.select(column).where(column.in_(chunk), table.c.deleted.is_(False))
                )
                used |= {row[0] for row in rows}
        return used

    async def expired(self, now: datetime, limit: int) -> list[PhotoUpload]:
        result = await self._connection.execute(
            sa.select(photo_uploads)
            .where(photo_uploads.c.deleted.is_(False), photo_uploads.c.auto_delete_at <= now)
            .order_by(photo_uploads.c.auto_delete_at, photo_uploads.c.id)
            .limit(limit)
        )
        return self._seen.saw_all([mapping.photo_from_row(row._mapping) for row in result])

    async def save_hints(self, avatar_id: UUID, hints: BodyHints) -> None:
        values: dict[str, Any] = {
            "height_cm": hints.height_cm,
            "weight_kg": hints.weight_kg,
            "gender": hints.gender.value if hints.gender else None,
            "clothing": hints.clothing.value if hints.clothing else None,
        }
        owner = await _owner_of(self._connection, avatar_id)
        where = context("photo_body_hints", avatar_id)
        values = await self._sealer.seal(owner, values, HINTS_SEALED, where)
        updated = await self._connection.execute(
            photo_body_hints.update()
            .where(photo_body_hints.c.avatar_id == avatar_id)
            .values(values)
        )
        if updated.rowcount == 0:
            await self._connection.execute(
                photo_body_hints.insert().values(avatar_id=avatar_id, **values)
            )

    async def hints_for(self, avatar_id: UUID) -> BodyHints | None:
        hints = photo_body_hints.c
        result = await self._connection.execute(
            sa.select(
                hints.height_cm,
                hints.weight_kg,
                hints.gender,
                hints.clothing,
                hints.sealed,
                avatars.c.user_id,
                *KEY_COLUMNS,
            )
            .select_from(
                photo_body_hints.join(avatars, avatars.c.id == hints.avatar_id).outerjoin(
                    user_data_keys, user_data_keys.c.user_id == avatars.c.user_id
                )
            )
            .where(hints.avatar_id == avatar_id)
        )
        found = result.first()
        if found is None:
            return None
        key = wrapped_key(found.key_id, found.wrapped_key)
        where = context("photo_body_hints", avatar_id)
        row = self._sealer.open(found.user_id, key, found._mapping, where)
        return BodyHints(
            height_cm=row["height_cm"],
            weight_kg=row["weight_kg"],
            gender=Gender(row["gender"]) if row["gender"] else None,
            clothing=Clothing(row["clothing"]) if row["clothing"] else None,
        )

    async def list_for_avatar(self, avatar_id: UUID) -> list[PhotoUpload]:
        result = await self._connection.execute(
            sa.select(photo_uploads)
            .where(photo_uploads.c.avatar_id == avatar_id)
            .order_by(photo_uploads.c.created_at, photo_uploads.c.id)
        )
        return self._seen.saw_all([mapping.photo_from_row(row._mapping) for row in result])


T = TypeVar("T")


def _chunks(keys: Sequence[T], size: int = 500) -> list[list[T]]:
    return [list(keys[start : start + size]) for start in range(0, len(keys), size)]


class SqlModelFileRepository:
    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._connection = reader.connection

    async def add(self, model_file: ModelFile) -> None:
        try:
            await self._connection.execute(model_files.insert(), mapping.model_file_row(model_file))
        except IntegrityError:
            raise InvalidValue(
                f"avatar {model_file.avatar_id} does not exist", field="avatarId"
            ) from None

    async def get(self, model_file_id: UUID) -> ModelFile | None:
        result = await self._connection.execute(
            sa.select(model_files).where(model_files.c.id == model_file_id)
        )
        row = result.first()
        return mapping.model_file_from_row(row._mapping) if row else None

    async def delete(self, model_file_id: UUID) -> None:
        await self._connection.execute(
            avatars.update()
            .where(avatars.c.model_file_id == model_file_id)
            .values(model_file_id=None)
        )
        await self._connection.execute(
            model_files.delete().where(model_files.c.id == model_file_id)
        )

    async def keys_in_use(self, candidates: Sequence[str]) -> set[str]:
        used: set[str] = set()
        for chunk in _chunks(candidates):
            rows = await self._connection.execute(
                sa.select(model_files.c.storage_key).where(model_files.c.storage_key.in_(chunk))
            )
            used |= {row[0] for row in rows}
        return used

    async def list_for_avatars(self, avatar_ids: Sequence[UUID]) -> dict[UUID, list[ModelFile]]:
        found: dict[UUID, list[ModelFile]] = {}
        for chunk in _chunks(list(dict.fromkeys(avatar_ids))):
            result = await self._connection.execute(
                sa.select(model_files)
                .where(model_files.c.avatar_id.in_(chunk))
                .order_by(model_files.c.created_at, model_files.c.id)
            )
            for row in result.all():
                model_file = mapping.model_file_from_row(row._mapping)
                found.setdefault(model_file.avatar_id, []).append(model_file)
        return found

    async def list_for_avatar(self, avatar_id: UUID) -> list[ModelFile]:
        rows = await self._reader.rows(_MODEL_FILES_OF, avatar_id=avatar_id)
        return [
            mapping.model_file_from_row(dict(zip(_MODEL_FILE_NAMES, row, strict=True)))
            for row in rows
        ]
