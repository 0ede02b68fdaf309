"""Possible duplicates: review side by side, merge keeping every referral, undo until confirmed."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import FieldProblem, InvalidTransition, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.core import ServiceContext, person_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import DuplicateComparison, DuplicateRow, PersonSide
from yot_desktop.storage.models import Carer, Referral, YoungPerson
from yot_desktop.storage.models_intake import CrafftScreening, DuplicateCandidate, PersonMerge

OPEN, MERGED, NOT_DUPLICATE = "open", "merged", "not_duplicate"
PENDING, CONFIRMED, UNDONE = "pending", "confirmed", "undone"

# Shown side by side, in this order. Text fields left empty on the kept record are filled
# from the other one when they are merged.
COMPARED = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("preferred_name", "Preferred name"),
    ("date_of_birth", "Date of birth"),
    ("gender", "Gender"),
    ("address_line_1", "Address line 1"),
    ("address_line_2", "Address line 2"),
    ("town", "Town"),
    ("postcode", "Postcode"),
    ("school", "School"),
    ("first_language", "First language"),
    ("communication_needs", "Communication needs"),
    ("send_needs", "SEND needs"),
    ("other_agencies", "Other agencies"),
)
FILLABLE = (
    "preferred_name",
    "address_line_2",
    "town",
    "school",
    "communication_needs",
    "send_needs",
    "other_agencies",
)


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def _text(ids: list[int]) -> str:
    return ",".join(str(i) for i in ids)


class DuplicateService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_candidates(
        self, user: CurrentUser, include_closed: bool = False
    ) -> tuple[DuplicateRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "list_duplicates")
        with self.ctx.uow() as uow:
            s = uow.session
            visible = person_scope(user, select(YoungPerson.id))
            stmt = select(DuplicateCandidate).where(
                DuplicateCandidate.person_id.in_(visible),
                DuplicateCandidate.other_person_id.in_(visible),
            )
            if not include_closed:
                stmt = stmt.where(DuplicateCandidate.status.in_((OPEN, MERGED)))
            rows = s.scalars(stmt.order_by(DuplicateCandidate.id)).all()
            out = [self._row(s, c) for c in rows]
            # A merged pair stays listed only while its merge can still be undone.
            return tuple(
                r for r in out if r.status == OPEN or r.merge_id is not None or include_closed
            )

    def compare(self, user: CurrentUser, candidate_id: int) -> DuplicateComparison:
        self.ctx.require(user, Permission.VIEW_CASES, "compare_duplicates")
        with self.ctx.uow() as uow:
            s = uow.session
            c = self._candidate(s, user, candidate_id)
            result = DuplicateComparison(
                self._row(s, c),
                self._side(s, c.other_person_id),
                self._side(s, c.person_id),
            )
            self.ctx.audit(s, user, "view", "duplicate_candidate", candidate_id)
            uow.commit()
            return result

    def merge(self, user: CurrentUser, candidate_id: int, keep_person_id: int) -> int:
        """Merge the pair into `keep_person_id`. Every referral is kept. Returns the merge id."""
        self.ctx.require(user, Permission.EDIT_CASES, "merge_people")
        with self.ctx.uow() as uow:
            s = uow.session
            c = self._candidate(s, user, candidate_id)
            if c.status != OPEN:
                raise InvalidTransition("This pair has already been reviewed.")
            if keep_person_id not in (c.person_id, c.other_person_id):
                raise ValidationError(
                    FieldProblem("Record to keep", "Choose one of the two records to keep")
                )
            gone_id = c.other_person_id if keep_person_id == c.person_id else c.person_id
            kept, gone = s.get(YoungPerson, keep_person_id), s.get(YoungPerson, gone_id)
            assert kept is not None and gone is not None
            if kept.merged_into_id is not None or gone.merged_into_id is not None:
                raise InvalidTransition("One of these records has already been merged.")
            referral_ids = list(
                s.scalars(select(Referral.id).where(Referral.young_person_id == gone_id))
            )
            carer_ids = list(s.scalars(select(Carer.id).where(Carer.young_person_id == gone_id)))
            screening_ids = list(
                s.scalars(
                    select(CrafftScreening.id).where(CrafftScreening.young_person_id == gone_id)
                )
            )
            self._move(s, referral_ids, carer_ids, screening_ids, keep_person_id)
            filled = [f for f in FILLABLE if not getattr(kept, f) and getattr(gone, f)]
            for f in filled:
                setattr(kept, f, getattr(gone, f))
            kept.exploitation_concern = kept.exploitation_concern or gone.exploitation_concern
            gone.merged_into_id = kept.id
            now = self.ctx.clock()
            kept.updated_at = gone.updated_at = now
            kept.updated_by = gone.updated_by = user.username
            c.status = MERGED
            c.reviewed_by, c.reviewed_at = user.username, now
            merge = PersonMerge(
                kept_person_id=kept.id,
                merged_person_id=gone.id,
                candidate_id=c.id,
                referral_ids=_text(referral_ids),
                carer_ids=_text(carer_ids),
                screening_ids=_text(screening_ids),
                filled_fields=",".join(filled),
                merged_at=now,
                merged_by=user.username,
            )
            s.add(merge)
            s.flush()
            _refresh_flags(s, kept.id, gone.id)
            self.ctx.audit(
                s,
                user,
                "merge_people",
                "young_person",
                kept.id,
                detail=f"merged={gone.id} referrals={len(referral_ids)} merge={merge.id}",
            )
            uow.commit()
            return merge.id

    def undo_merge(self, user: CurrentUser, merge_id: int) -> None:
        """Put both records back exactly as they were before the merge."""
        self.ctx.require(user, Permission.EDIT_CASES, "undo_merge")
        with self.ctx.uow() as uow:
            s = uow.session
            merge = self._merge(s, user, merge_id)
            gone = s.get(YoungPerson, merge.merged_person_id)
            kept = s.get(YoungPerson, merge.kept_person_id)
            assert kept is not None and gone is not None
            self._move(
                s,
                _ids(merge.referral_ids),
                _ids(merge.carer_ids),
                _ids(merge.screening_ids),
                gone.id,
            )
            for f in merge.filled_fields.split(","):
                if f:
                    setattr(kept, f, "")
            gone.merged_into_id = None
            now = self.ctx.clock()
            merge.status, merge.closed_at, merge.closed_by = UNDONE, now, user.username
            if merge.candidate_id is not None:
                c = s.get(DuplicateCandidate, merge.candidate_id)
                if c is not None:
                    c.status, c.reviewed_by, c.reviewed_at = OPEN, "", None
            s.flush()
            _refresh_flags(s, kept.id, gone.id)
            self.ctx.audit(
                s, user, "undo_merge", "young_person", kept.id, detail=f"merge={merge_id}"
            )
            uow.commit()

    def confirm_merge(self, user: CurrentUser, merge_id: int) -> None:
        """Make a merge final: it can no longer be undone."""
        self.ctx.require(user, Permission.EDIT_CASES, "confirm_merge")
        with self.ctx.uow() as uow:
            s = uow.session
            merge = self._merge(s, user, merge_id)
            merge.status, merge.closed_at, merge.closed_by = (
                CONFIRMED,
                self.ctx.clock(),
                user.username,
            )
            self.ctx.audit(
                s,
                user,
                "confirm_merge",
                "young_person",
                merge.kept_person_id,
                detail=f"merge={merge_id}",
            )
            uow.commit()

    def not_duplicate(self, user: CurrentUser, candidate_id: int) -> None:
        """Staff checked: two different young people. The flag is cleared."""
        self.ctx.require(user, Permission.EDIT_CASES, "dismiss_duplicate")
        with self.ctx.uow() as uow:
            s = uow.session
            c = self._candidate(s, user, candidate_id)
            if c.status != OPEN:
                raise InvalidTransition("This pair has already been reviewed.")
            c.status, c.reviewed_by, c.reviewed_at = NOT_DUPLICATE, user.username, self.ctx.clock()
            s.flush()
            _refresh_flags(s, c.person_id, c.other_person_id)
            self.ctx.audit(s, user, "dismiss_duplicate", "duplicate_candidate", c.id)
            uow.commit()

    # --- helpers ---------------------------------------------------------------------------
    def _move(
        self, s: Session, referrals: list[int], carers: list[int], screenings: list[int], to: int
    ) -> None:
        if referrals:
            s.execute(update(Referral).where(Referral.id.in_(referrals)).values(young_person_id=to))
        if carers:
            s.execute(update(Carer).where(Carer.id.in_(carers)).values(young_person_id=to))
        if screenings:
            s.execute(
                update(CrafftScreening)
                .where(CrafftScreening.id.in_(screenings))
                .values(young_person_id=to)
            )
        s.expire_all()

    def _candidate(self, s: Session, user: CurrentUser, candidate_id: int) -> DuplicateCandidate:
        c = s.get(DuplicateCandidate, candidate_id)
        if c is not None:
            visible = s.scalars(
                person_scope(user, select(YoungPerson.id)).where(
                    YoungPerson.id.in_((c.person_id, c.other_person_id))
                )
            ).all()
            if len(set(visible)) == 2:
                return c
        raise NotFound("This pair of records does not exist or is not in your team.")

    def _merge(self, s: Session, user: CurrentUser, merge_id: int) -> PersonMerge:
        merge = s.get(PersonMerge, merge_id)
        if merge is None:
            raise NotFound("This merge does not exist.")
        kept = s.scalar(
            person_scope(user, select(YoungPerson.id)).where(YoungPerson.id == merge.kept_person_id)
        )
        if kept is None:
            raise NotFound("This merge does not exist or is not in your team.")
        if merge.status != PENDING:
            raise InvalidTransition(
                "This merge was confirmed and can no longer be undone."
                if merge.status == CONFIRMED
                else "This merge was already undone."
            )
        return merge

    def _row(self, s: Session, c: DuplicateCandidate) -> DuplicateRow:
        a, b = s.get(YoungPerson, c.person_id), s.get(YoungPerson, c.other_person_id)
        assert a is not None and b is not None
        merge_id = s.scalar(
            select(PersonMerge.id).where(
                PersonMerge.candidate_id == c.id, PersonMerge.status == PENDING
            )
        )
        return DuplicateRow(
            id=c.id,
            status=c.status,
            reason=c.reason,
            person_id=a.id,
            other_person_id=b.id,
            person_name=f"{a.first_name} {a.last_name}",
            other_name=f"{b.first_name} {b.last_name}",
            date_of_birth=a.date_of_birth,
            merge_id=merge_id,
        )

    def _side(self, s: Session, person_id: int) -> PersonSide:
        p = s.get(YoungPerson, person_id)
        assert p is not None
        values = []
        for key, label in COMPARED:
            value = getattr(p, key)
            values.append(
                (label, value.strftime("%d/%m/%Y") if key == "date_of_birth" else str(value))
            )
        referrals = s.execute(
            select(Referral.crime_reference, Referral.status, Referral.referral_date)
            .where(
                or_(
                    Referral.young_person_id == person_id,
                    Referral.young_person_id.in_(
                        select(YoungPerson.id).where(YoungPerson.merged_into_id == person_id)
                    ),
                )
            )
            .order_by(Referral.referral_date)
        ).all()
        return PersonSide(
            id=p.id,
            person_ref=p.person_ref,
            fields=tuple(values),
            referrals=tuple(
                f"{ref} · {d:%d/%m/%Y} · {ReferralStatus(st).label}" for ref, st, d in referrals
            ),
        )


def _refresh_flags(s: Session, *person_ids: int) -> None:
    """A person is flagged while any open pair involves them."""
    for pid in person_ids:
        person = s.get(YoungPerson, pid)
        if person is None:
            continue
        open_pair = s.scalar(
            select(DuplicateCandidate.id)
            .where(
                DuplicateCandidate.status == OPEN,
                or_(DuplicateCandidate.person_id == pid, DuplicateCandidate.other_person_id == pid),
            )
            .limit(1)
        )
        person.possible_duplicate = open_pair is not None
