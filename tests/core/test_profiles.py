"""Profile URLs: every spelling of one person's URL gives one public id, and only those."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.profiles import (
    canonical_profile_url,
    normalize_public_id,
    public_id_from_url,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jane-doe-1a2b3c/",
        "https://www.linkedin.com/in/jane-doe-1a2b3c",
        "http://www.linkedin.com/in/jane-doe-1a2b3c/",
        "www.linkedin.com/in/jane-doe-1a2b3c",
        "linkedin.com/in/jane-doe-1a2b3c/",
        "//www.linkedin.com/in/jane-doe-1a2b3c/",
        "https://fr.linkedin.com/in/jane-doe-1a2b3c/",
        "https://WWW.LinkedIn.com/in/Jane-Doe-1A2B3C/",
        "https://www.linkedin.com/in/jane-doe-1a2b3c/?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAA",
        "https://www.linkedin.com/in/jane-doe-1a2b3c?trk=people-guest#experience",
        "https://www.linkedin.com/in/jane-doe-1a2b3c/overlay/contact-info/",
        "  https://www.linkedin.com/in/jane-doe-1a2b3c/  ",
        "http://127.0.0.1:8123/in/jane-doe-1a2b3c/",
        "http://localhost:8123/in/jane-doe-1a2b3c/?miniProfileUrn=x&trk=birthday",
    ],
)
def test_every_spelling_of_a_profile_url_gives_the_same_public_id(url: str) -> None:
    """Scheme, www, locale subdomain, case, tracking query, fragment and trailing slash
    do not change who the URL designates; the simulator's URLs read the same way."""
    assert public_id_from_url(url) == "jane-doe-1a2b3c"


def test_percent_encoded_unicode_slug_is_decoded_and_lowercased() -> None:
    """A unicode slug, as LinkedIn percent-encodes it, is stored decoded and lowercased."""
    url = "https://www.linkedin.com/in/J%C3%A9r%C3%B4me-Dupont-%C3%89lise/"
    assert public_id_from_url(url) == "jérôme-dupont-élise"


def test_decomposed_and_composed_unicode_give_the_same_id() -> None:
    """The same name typed with combining accents or precomposed letters is one person."""
    composed = public_id_from_url("https://www.linkedin.com/in/jos%C3%A9/")
    decomposed = public_id_from_url("https://www.linkedin.com/in/jose%CC%81/")
    assert composed == decomposed == "josé"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://www.linkedin.com/company/acme/", "expected /in/<slug>/"),
        ("https://www.linkedin.com/pub/jane-doe/1/2/3", "expected /in/<slug>/"),
        ("https://www.linkedin.com/in/", "without an identifier"),
        ("https://www.linkedin.com/in//", "without an identifier"),
        ("https://www.linkedin.com/", "expected /in/<slug>/"),
        ("https://example.com/in/jane-doe/", "not a LinkedIn URL"),
        ("https://linkedin.com.evil.example/in/jane-doe/", "not a LinkedIn URL"),
        ("https://evillinkedin.com/in/jane-doe/", "not a LinkedIn URL"),
        ("ftp://www.linkedin.com/in/jane-doe/", "not a web URL"),
        ("mailto:jane@example.com", "not a LinkedIn URL"),
        ("https://www.linkedin.com/in/jane%2Fdoe/", "contains '/'"),
        ("https://www.linkedin.com/in/jane%20doe/", "contains ' '"),
        ("https://www.linkedin.com/in/%FF%FE/", "not valid UTF-8"),
        ("https://www.linkedin.com/in/../", "not a name"),
        ("https://www.linkedin.com:99999/in/jane/", "malformed URL"),
        ("https://www.linkedin.com/in/" + "a" * 101 + "/", "longer than 100"),
    ],
)
def test_anything_but_a_profile_url_is_refused_with_the_reason(url: str, problem: str) -> None:
    """A company page, an old /pub/ URL, another site, an empty or malformed identifier:
    InvalidInput, and its message says what is wrong."""
    with pytest.raises(InvalidInput) as caught:
        public_id_from_url(url)
    assert problem in caught.value.detail


def test_extra_hosts_accepts_a_configured_simulator_host() -> None:
    """A simulator served on another host name is accepted once named."""
    url = "http://sim.internal:8123/in/jane/"
    with pytest.raises(InvalidInput):
        public_id_from_url(url)
    assert public_id_from_url(url, extra_hosts=frozenset({"sim.internal"})) == "jane"


def test_canonical_url_is_percent_encoded_with_a_trailing_slash() -> None:
    """The stored URL is <base>/in/<encoded slug>/, on LinkedIn or on the simulator."""
    assert canonical_profile_url("jane-doe") == "https://www.linkedin.com/in/jane-doe/"
    assert canonical_profile_url("Jérôme") == "https://www.linkedin.com/in/j%C3%A9r%C3%B4me/"
    assert canonical_profile_url("jane", "http://127.0.0.1:8123/") == (
        "http://127.0.0.1:8123/in/jane/"
    )


def test_canonical_url_refuses_an_identifier_that_is_not_a_slug() -> None:
    """A public id with a slash or a space cannot become a URL pointing elsewhere."""
    for bad in ("jane/../admin", "jane doe", "", "a?b"):
        with pytest.raises(InvalidInput):
            canonical_profile_url(bad)


SLUG_CHARS = st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Mn"), include_characters="-_.")


@given(st.text(SLUG_CHARS, min_size=1, max_size=100).filter(lambda s: set(s) != {"."}))
def test_canonical_url_round_trips_to_the_public_id(slug: str) -> None:
    """Any valid slug survives canonical URL -> public id, on LinkedIn and the simulator."""
    try:
        public_id = normalize_public_id(slug)
    except InvalidInput:
        return  # too long once encoded, or lowercasing made it invalid: refused both ways
    assert normalize_public_id(public_id) == public_id
    assert public_id_from_url(canonical_profile_url(public_id)) == public_id
    simulator = canonical_profile_url(public_id, "http://127.0.0.1:8123")
    assert public_id_from_url(simulator) == public_id
    assert public_id_from_url(canonical_profile_url(slug)) == public_id
