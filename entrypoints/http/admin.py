"""Admin routes beyond the audit log (issue 16, item 7): any user's avatars, processing an
avatar again, the dead-letter queue. Everyone but an admin gets 403."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED

from application.admin import ListDeadLetters, ListUserAvatars, ReplayDeadLetter, ReprocessAvatar
from application.ports import AvatarQuery, DeadLetter
from domain.access import Viewer
from domain.avatar import AvatarStatus
from entrypoints.http import schemas
from entrypoints.http.avatars import SORT_HELP, SORTS
from entrypoints.http.injection import Injected
from entrypoints.http.jobs import job_location


class ReprocessBody(schemas.Response):
    """A processing run started (or sent again) by an admin; poll ``jobId``."""

    avatar_id: UUID
    job_id: UUID
    status: schemas.StatusName


class DeadLetterBody(schemas.Response):
    id: str  # "partition-offset" on Kafka, the index in process
    job_id: UUID
    avatar_id: UUID
    reason: str
    attempts: int
    error: str
    failed_at: datetime | None


class DeadLetterListBody(schemas.Response):
    items: list[DeadLetterBody]


def _letter_body(letter: DeadLetter) -> DeadLetterBody:
    return DeadLetterBody(
        id=letter.id,
        job_id=letter.job.id,
        avatar_id=letter.job.avatar_id,
        reason=letter.job.reason,
        attempts=letter.attempts,
        error=letter.error,
        failed_at=letter.failed_at,
    )


class AdminController(Controller):
    path = "/api/v1/admin"
    tags = ["admin"]
    security = [{"BearerToken": []}]

    @get("/users/{user_id:uuid}/avatars", summary="Any user's avatars (admins)")
    async def list_user_avatars(
        self,
        user_id: FromPath[UUID],
        viewer: Injected[Viewer],
        list_user_avatars: Injected[ListUserAvatars],
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        cursor: FromQuery[str | None] = None,
        status: FromQuery[AvatarStatus | None] = None,
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
        page = await list_user_avatars(
            viewer,
            user_id,
            AvatarQuery(limit=limit, status=status, sort=sort_field, descending=descending),
            cursor=cursor,
        )
        return schemas.AvatarPageBody(
            items=[schemas.summary_body(a) for a in page.items],
            next_cursor=page.next_cursor,
            limit=limit,
        )

    @post(
        "/avatars/{avatar_id:uuid}/reprocess",
        summary="Process an avatar again (admins)",
        status_code=HTTP_202_ACCEPTED,
    )
    async def reprocess(
        self,
        avatar_id: FromPath[UUID],
        viewer: Injected[Viewer],
        reprocess_avatar: Injected[ReprocessAvatar],
    ) -> Response[ReprocessBody]:
        job = await reprocess_avatar(viewer, avatar_id)
        return Response(
            ReprocessBody(avatar_id=avatar_id, job_id=job.id, status="processing"),
            status_code=HTTP_202_ACCEPTED,
            headers={"Location": job_location(job.id)},
        )

    @get("/dead-letters", summary="Jobs that failed every attempt (admins)")
    async def dead_letters(
        self,
        viewer: Injected[Viewer],
        list_dead_letters: Injected[ListDeadLetters],
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> DeadLetterListBody:
        letters = await list_dead_letters(viewer, limit)
        return DeadLetterListBody(items=[_letter_body(letter) for letter in letters])

    @post(
        "/dead-letters/{letter_id:str}/replay",
        summary="Send a dead letter's job to the workers again (admins)",
        status_code=HTTP_202_ACCEPTED,
    )
    async def replay(
        self,
        letter_id: FromPath[str],
        viewer: Injected[Viewer],
        replay_dead_letter: Injected[ReplayDeadLetter],
    ) -> Response[DeadLetterBody]:
        letter = await replay_dead_letter(viewer, letter_id)
        return Response(
            _letter_body(letter),
            status_code=HTTP_202_ACCEPTED,
            headers={"Location": job_location(letter.job.id)},
        )
