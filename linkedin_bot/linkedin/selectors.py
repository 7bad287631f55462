"""Default selectors, as data: for each element, CSS selectors in order of preference, then
role / label / text fallbacks.

LinkedIn renames its classes often; roles, aria-labels, URLs and visible text change less
(see ``reference/linkedin-pages.md``). So each element lists LinkedIn's real class names
first (fast and precise while they last), then structural CSS built on roles and
attributes, then fallbacks that Playwright resolves by accessible role, label or text, in
English and French. The selector engine learns whichever of these works when the first
one does not, so the next lookup goes straight to it.

Locale alternatives of one idea share one CSS entry (a selector list joined by commas), so
that a French page does not look like a broken selector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FallbackKind = Literal["role", "label", "text"]


@dataclass(frozen=True)
class Fallback:
    """A description of the element by accessibility or text, for when CSS fails.

    ``pattern`` is a case-insensitive regular expression (no ``/`` in it: the stored key
    uses ``/.../i`` delimiters). ``within`` is an optional CSS scope applied first.
    """

    kind: FallbackKind
    pattern: str | None = None
    role: str | None = None
    within: str | None = None

    @property
    def key(self) -> str:
        """The Playwright selector string that finds the same elements (what is learned)."""
        if self.kind == "role":
            name = f"[name=/{self.pattern}/i]" if self.pattern else ""
            core = f"role={self.role}{name}"
        elif self.kind == "label":
            core = f"internal:label=/{self.pattern}/i"
        else:
            core = f"text=/{self.pattern}/i"
        return f"{self.within} >> {core}" if self.within else core


@dataclass(frozen=True)
class ElementSpec:
    """One element of a LinkedIn page and the ways to find it."""

    name: str
    css: tuple[str, ...]
    fallbacks: tuple[Fallback, ...] = ()
    visible: bool = True  # hidden matches (templates, collapsed loaders) never count

    def candidates(self) -> tuple[str, ...]:
        return (*self.css, *(f.key for f in self.fallbacks))


def _role(role: str, pattern: str | None = None, within: str | None = None) -> Fallback:
    return Fallback("role", pattern, role, within)


def _text(pattern: str, within: str | None = None) -> Fallback:
    return Fallback("text", pattern, None, within)


def _label(pattern: str) -> Fallback:
    return Fallback("label", pattern)


# "Birthday today" / "Yesterday" / "Oct 24" / "Anniversaire aujourd'hui" / "Hier" / "24 oct."
WHEN_PATTERN = (
    r"^\s*(birthday today|today|yesterday|anniversaire aujourd.hui|aujourd.hui|hier"
    r"|[a-z]{3,9}\.? \d{1,2}|\d{1,2}(er)? [a-zéû]{3,9}\.?)\s*$"
)

# --- Catch-up lists and messaging (the "act" block) -----------------------------------
# An empty catch-up list says so: "No birthdays to celebrate right now", "You're all caught
# up", "Aucun anniversaire à souhaiter", "Vous êtes à jour"...
EMPTY_CATCH_UP_PATTERN = (
    r"^\s*(no (birthdays|work anniversaries|new positions|job changes|updates)"
    r"|you.re all caught up|aucun (anniversaire|nouveau poste)|vous êtes à jour)"
)
# The button that loads the next batch of cards: "Show more", "Charger plus"...
SHOW_MORE_PATTERN = r"^\s*(show more|see more|load more|charger plus|voir plus|afficher plus)\s*$"
# A Message action (button or link) by its label or text: "Message", "Message Anna",
# "Send message to Anna Schmidt: Happy birthday!", "Envoyer un message à ...".
MESSAGE_ACTION_PATTERN = r"^\s*(message|send (a )?message|envoyer un message|écrire à)(\s|$)"
# A link that opens a conversation with a person (its query names the recipient).
COMPOSE_LINK = 'a[href*="/messaging/compose/"]'

# --- Sourcing: profile pages and people search -----------------------------------------
OPEN_TO_WORK_PATTERN = r"^\s*(open to work|#opentowork|ouvert aux opportunités)\s*$"

# --- Reading profiles, people search and the signed-in shell (visible text) ---------------
# Read by ``pages/profile.py`` and ``pages/search.py`` through ``pages/visible_text.py``:
# headings, labels and link targets rather than classes (see reference/linkedin-pages.md).

# Profile section headings as shown (lowercased), English and French, and their section.
PROFILE_SECTION_HEADINGS: dict[str, str] = {
    "about": "about",
    "infos": "about",
    "à propos": "about",
    "experience": "experience",
    "expérience": "experience",
    "education": "education",
    "formation": "education",
    "skills": "skills",
    "compétences": "skills",
    "licenses & certifications": "certifications",
    "licences et certifications": "certifications",
    "certifications": "certifications",
    "languages": "languages",
    "langues": "languages",
}
# A line that starts with a date range ("Jan 2019 - Present", "2015 - 2018", "sept. 2020 -
# aujourd'hui"), as a JavaScript regular expression (flags iu).
DATE_LINE_JS = r"^\s*(?:\p{L}{3,9}\.?\s+)?\d{4}(?:\s*[-\u2013\u2014]|\s*\u00b7|\s*$)"
# The top card's "Contact info" link (its line is the location's).
CONTACT_INFO_HREF = "/overlay/contact-info"
# The Message action's label on a profile: "Message Anna", "Message", "Envoyer un message à
# Anna" (JavaScript, flags iu); a link to /messaging/compose/ needs no label.
MESSAGE_LABEL_JS = r"^(message|envoyer un message)(\s|$)"
# Signed in: a navigation landmark linking the feed, the network and messaging (2026
# pages have no id and no label on it), or the "Me" menu naming the member.
SIGNED_IN_NAV_JS = """() => [...document.querySelectorAll('nav, [role=navigation], header')].some(
  (nav) => ['/feed/', '/mynetwork/', '/messaging/'].every(
    (path) => nav.querySelector(`a[href^="${path}"], a[href*="linkedin.com${path}"]`)))"""

ELEMENTS: tuple[ElementSpec, ...] = (
    # --- Signed-in markers (feed) -----------------------------------------------------
    ElementSpec(
        "nav.signed_in",
        (
            "#global-nav",
            "img.global-nav__me-photo",
            "input.search-global-typeahead__input",
        ),
        (
            _role("navigation", r"primary navigation|navigation principale|global navigation"),
            _role("combobox", r"^(search|recherche|rechercher)$"),
            # 2026 pages: a nav with no id nor label, and the "Me" menu naming the member.
            _role("button", r"^(me|moi|vous), "),
        ),
    ),
    # --- Pop-ups shown on arrival -----------------------------------------------------
    ElementSpec(
        "popup.upsell_dismiss",
        (
            ".premium-upsell-modal button.artdeco-modal__dismiss",
            ".artdeco-modal button.artdeco-modal__dismiss",
        ),
        (_role("button", r"^(dismiss|ignorer|no thanks|non merci)$", within="[role=dialog]"),),
    ),
    ElementSpec(
        "popup.cookie_consent",
        (
            ".artdeco-global-alert button.artdeco-global-alert-action",
            'button[action-type="ACCEPT"]',
        ),
        (
            _role(
                "button",
                r"^(accept|accepter|accept cookies|accepter les cookies)$",
                within="[aria-label*=cookie i]",
            ),
        ),
    ),
    ElementSpec(
        "popup.notifications_dismiss",
        (
            '.artdeco-toast-item button:text-is("Not now"),'
            ' .artdeco-toast-item button:text-is("Pas maintenant")',
        ),
        (_role("button", r"^(not now|pas maintenant)$", within="[role=alertdialog]"),),
    ),
    # --- Catch-up lists (birthdays, work anniversaries, new jobs) -----------------------
    ElementSpec(
        "birthdays.card",
        (
            '.mn-catch-up-card[role="listitem"]',
            'main [role="listitem"]:has(a[href*="/in/"])',
            'main li:has(a[href*="/in/"])',
        ),
        # No role/text fallback: a list item without a profile link is no card, and one
        # learned from a changed page would be tried first on every later run.
    ),
    # A card's fields by CSS, for SelectorEngine.extract (its tests read catch-up cards with
    # them); the catch-up reader itself reads cards by visible text (pages/card_text.py).
    ElementSpec(
        "birthdays.card_link",
        ('a.mn-catch-up-card__link[href*="/in/"]', 'a[href*="/in/"]'),
        (_role("link"),),
    ),
    ElementSpec(
        "birthdays.card_name",
        (".mn-catch-up-card__name", 'a[href*="/in/"]'),
        (_role("link"),),
    ),
    ElementSpec(
        "birthdays.card_when",
        (".mn-catch-up-card__occasion", "time"),
        (_text(WHEN_PATTERN),),
    ),
    ElementSpec(
        "birthdays.empty_state",
        (
            ".mn-catch-up__empty-state",
            '[data-testid="empty-state"]',
        ),
        (_text(EMPTY_CATCH_UP_PATTERN, within="main"),),
    ),
    ElementSpec(
        "catch_up.show_more",
        ("button.scaffold-finite-scroll__load-button",),
        (_role("button", SHOW_MORE_PATTERN, within="main"),),
    ),
    # --- Profile ----------------------------------------------------------------------
    ElementSpec(
        "profile.message_button",
        (
            'button.pvs-profile-actions__action[aria-label^="Message "],'
            ' button.pvs-profile-actions__action[aria-label^="Envoyer un message"]',
            'main button[aria-label^="Message "], main button[aria-label^="Envoyer un message"]',
        ),
        (_role("button", r"^(message|envoyer un message à) ", within="main"),),
    ),
    # --- Messaging overlay and conversation pages -------------------------------------
    ElementSpec(
        "overlay.container",
        (
            ".msg-overlay-conversation-bubble",
            '[role="dialog"][data-sdui-screen*="Message"]',
            '[role="dialog"]:has([contenteditable="true"])',
        ),
        (_role("dialog", r"^(conversation with|conversation avec|messaging|messagerie)"),),
    ),
    ElementSpec(
        "overlay.composer",
        (
            'div.msg-form__contenteditable[contenteditable="true"]',
            '[role="textbox"][contenteditable="true"]',
        ),
        (
            _role("textbox", r"write a message|rédigez un message|écrire un message"),
            _label(r"write a message|rédigez un message|écrire un message"),
        ),
    ),
    ElementSpec(
        "overlay.send_button",
        ("button.msg-form__send-button", 'form button[type="submit"]'),
        (_role("button", r"^(send|envoyer)$"),),
    ),
    ElementSpec(
        "overlay.message_list_item",
        (
            "li.msg-s-message-list__event",
            '[role="list"] [role="listitem"]',
            "ul > li, ol > li",
        ),
        (_role("listitem"),),
    ),
    ElementSpec(
        "overlay.close_button",
        (
            'button.msg-overlay-bubble-header__control[aria-label^="Close"],'
            ' button.msg-overlay-bubble-header__control[aria-label^="Fermer"]',
            'button[aria-label^="Close your conversation"],'
            ' button[aria-label^="Fermer votre conversation"]',
        ),
        (_role("button", r"^(close|fermer)( |$)"),),
    ),
    # --- Sourcing: profile pages and people search -------------------------------------
    ElementSpec(
        "search.result",
        (
            "li.reusable-search__result-container",
            '[data-view-name="people-search-result"]',
            'main [role="list"] > [role="listitem"]:has(a[href*="/in/"])',
            'main [role="list"] > li:has(a[href*="/in/"])',
        ),
    ),
    ElementSpec(
        "search.result_link",
        (
            'span.entity-result__title-text a[href*="/in/"]',
            'a[data-view-name="search-result-lockup-title"]',
            'a[href*="/in/"]',
        ),
        (_role("link"),),
    ),
    ElementSpec(
        "search.next_button",
        (
            "button.artdeco-pagination__button--next",
            'button[aria-label="Next"], button[aria-label="Suivant"]',
        ),
        (_role("button", r"^(next|suivant)$"),),
    ),
    ElementSpec(
        "search.no_results",
        (".search-reusable-search-no-results", ".search-no-results__container"),
        (_text(r"^\s*(no results found|aucun résultat)", within="main"),),
    ),
)

DEFAULTS: dict[str, ElementSpec] = {spec.name: spec for spec in ELEMENTS}


def spec_for(element: str) -> ElementSpec:
    """The element's specification; a typo in an element name is a programming error."""
    try:
        return DEFAULTS[element]
    except KeyError:
        raise KeyError(f"unknown LinkedIn element {element!r}") from None
