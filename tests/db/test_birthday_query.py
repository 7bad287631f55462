"""Finding who was born on a given day, any year."""

from __future__ import annotations

from datetime import date

from linkedin_bot.db.queries.contacts import birthdays_on
from tests.builders import contact
from tests.helpers import Database


async def test_birthdays_on_matches_month_and_day_of_any_year(db: Database) -> None:
    """People born on March 14 come back whatever their birth year (or none known); people
    born on March 15 or April 14 do not."""
    async with db.sessions.begin() as session:
        session.add_all(
            [
                contact(
                    full_name="Albert", birth_month=3, birth_day=14, birth_date=date(1879, 3, 14)
                ),
                contact(full_name="Pi", birth_month=3, birth_day=14),
                contact(full_name="Next day", birth_month=3, birth_day=15),
                contact(full_name="Other month", birth_month=4, birth_day=14),
                contact(full_name="Unknown"),
            ]
        )
    async with db.sessions() as session:
        found = await birthdays_on(session, 3, 14)
    assert [row["full_name"] for row in found] == ["Albert", "Pi"]
