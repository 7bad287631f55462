"""The search of GET /contacts?q= and `contacts export --q`: every term of the query found in
a contact's folded search text (:mod:`linkedin_bot.core.folding`), served by an index.

- PostgreSQL: ``search_text LIKE '%term%'`` per term, served by the ``pg_trgm`` GIN index
  (``ix_contacts_search_text_trgm``; several terms: one bitmap per term, combined).
- SQLite: the FTS5 table ``contacts_search`` (trigram tokenizer over the same column) is
  asked for the ids whose text holds every term (one quoted phrase per term, ANDed); a
  trigram phrase is an exact substring match, so both backends return the same contacts.

A term shorter than three characters must start a word: it is searched with the two spaces
that precede every word of the stored text, which makes even a one-character term a
three-character substring, a trigram both indexes serve. Terms hold only letters, digits and
marks (folding turned the rest into word breaks): no LIKE wildcard, no quote of FTS5's query
syntax can reach the SQL.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, column, literal_column, select, table

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.folding import search_terms, term_pattern
from linkedin_bot.db.models import SQLITE_SEARCH_TABLE, Contact

_FTS = table(SQLITE_SEARCH_TABLE, column("rowid"))


def query_terms(query: str) -> list[str]:
    """The folded terms of a query; :class:`InvalidInput` naming ``q`` when it has no
    letter or digit (nothing to search for)."""
    terms = search_terms(query)
    if not terms:
        raise InvalidInput(
            "q: nothing to search for (no letter or digit); punctuation separates words",
            field="q",
        )
    return terms


def fts5_query(terms: list[str]) -> str:
    """An FTS5 query matching text that holds every term's pattern (quoted phrases)."""
    return " AND ".join(f'"{term_pattern(term)}"' for term in terms)


def search_clause(terms: list[str], backend: str) -> ColumnElement[bool]:
    """The WHERE clause of a search on ``backend`` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        ids = select(_FTS.c.rowid).where(
            literal_column(SQLITE_SEARCH_TABLE).op("MATCH")(fts5_query(terms))
        )
        return Contact.id.in_(ids)
    return and_(*(Contact.search_text.like(f"%{term_pattern(term)}%") for term in terms))
