"""The in-process job queue's dead letters (the embedded profile's dead-letter queue)."""

from __future__ import annotations

from adapters.memory.messaging import InProcessJobQueue
from application.ports import DeadLetter


class InProcessDeadLetters:
    def __init__(self, queue: InProcessJobQueue) -> None:
        self._queue = queue

    async def list(self, limit: int) -> list[DeadLetter]:
        return [
            DeadLetter(str(index), letter.job, letter.attempts, letter.error)
            for index, letter in enumerate(self._queue.dead_letters[:limit])
        ]

    async def replay(self, letter_id: str) -> DeadLetter:
        letters = self._queue.dead_letters
        if not letter_id.isdigit() or int(letter_id) >= len(letters):
            raise LookupError(letter_id)
        letter = letters[int(letter_id)]
        await self._queue.enqueue(letter.job)
        return DeadLetter(letter_id, letter.job, letter.attempts, letter.error)
