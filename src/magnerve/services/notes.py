"""Notes and recommendations a clinician writes for the patient to read."""

from __future__ import annotations

from magnerve.domain.access import Access
from magnerve.domain.accounts import has_control_characters
from magnerve.domain.sharing import CareNote, NoteKind
from magnerve.errors import InvalidInput
from magnerve.services.base import PersonService
from magnerve.services.unit_of_work import transaction

MAX_NOTE_CHARS = 4000


class NoteService(PersonService):
    area = "notes"

    def add(self, text: str, *, kind: str = "note") -> CareNote:
        body = text.strip()
        if not body:
            raise InvalidInput("text: is required", field="text")
        if len(body) > MAX_NOTE_CHARS:
            raise InvalidInput(f"text: must be at most {MAX_NOTE_CHARS} characters", field="text")
        if has_control_characters(body, allow="\n\r\t"):
            raise InvalidInput("text: must not contain control characters", field="text")
        try:
            which = NoteKind(kind)
        except ValueError:
            raise InvalidInput("kind: must be 'note' or 'recommendation'", field="kind") from None
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.note)
            return repos.notes.add(
                person.id,
                author_id=self._actor.account_id,
                author_name=self._actor.name,
                kind=which,
                text=body,
                now=self._clock.now(),
            )

    def list(self) -> list[CareNote]:
        with transaction(self._engine) as repos:
            person = self._person(repos, Access.read)
            return repos.notes.of_person(person.id)
