"""The simulator's DOM variants, and the class names of the two tidy ones (A and B).

- A reproduces LinkedIn's known class names, B renames and moves them; both are tidy.
- `classic` (Ember-era LinkedIn, 2019-2025) and `sdui` (2026 server-driven UI) carry the
  real site's traits (`../shared/reference/linkedin-pages.md`); their templates live in
  `templates/classic/` and `templates/sdui/`, their class names in `sim/modern/classes.py`.

Every variant keeps what LinkedIn keeps stable: roles, aria-labels, visible text and `/in/`
links.
"""

from __future__ import annotations

from typing import Literal, get_args

Variant = Literal["A", "B", "classic", "sdui"]
VARIANTS: tuple[Variant, ...] = get_args(Variant)
TIDY: frozenset[str] = frozenset({"A", "B"})
MODERN: frozenset[str] = frozenset({"classic", "sdui"})
CATCH_UP_BIRTHDAYS = "/mynetwork/catch-up/birthday/"
OLD_CELEBRATIONS = "/mynetwork/invite-connect/celebrations/birthdays/"

BIRTHDAYS_PATHS: dict[str, str] = {
    "A": CATCH_UP_BIRTHDAYS,
    "B": OLD_CELEBRATIONS,
    "classic": CATCH_UP_BIRTHDAYS,
    "sdui": CATCH_UP_BIRTHDAYS,
}


def is_modern(variant: str) -> bool:
    """True for the variants that carry the real site's traits (classic, sdui)."""
    return variant in MODERN


def parse_variant(name: str) -> Variant:
    """`name` as a variant, case-insensitively ("a", "SDUI"); ValueError naming the valid ones."""
    for variant in VARIANTS:
        if name.strip().casefold() == variant.casefold():
            return variant
    raise ValueError(f"unknown variant {name!r}: choose one of {', '.join(VARIANTS)}")


CLASSES: dict[str, dict[str, str]] = {
    "A": {
        "nav": "global-nav",
        "nav_id": "global-nav",
        "me_photo": "global-nav__me-photo",
        "search_input": "search-global-typeahead__input",
        "bday_list": "mn-catch-up__list",
        "bday_card": "mn-catch-up-card artdeco-card",
        "bday_name": "mn-catch-up-card__name t-16 t-black t-bold",
        "bday_when": "mn-catch-up-card__occasion t-14 t-black--light",
        "bday_photo": "mn-catch-up-card__photo EntityPhoto-circle-5",
        "bday_link": "mn-catch-up-card__link app-aware-link",
        "btn": "artdeco-button artdeco-button--2 artdeco-button--secondary",
        "overlay": "msg-overlay-list-bubble__container msg-overlay-container",
        "bubble": "msg-overlay-conversation-bubble msg-overlay-conversation-bubble--is-active",
        "bubble_header": "msg-overlay-bubble-header",
        "bubble_title": "msg-overlay-bubble-header__title",
        "bubble_close": "msg-overlay-bubble-header__control artdeco-button--circle",
        "msg_list_wrap": "msg-s-message-list",
        "msg_list": "msg-s-message-list-content list-style-none",
        "msg_event": "msg-s-message-list__event",
        "msg_body": "msg-s-event-listitem__body t-14 t-black--light t-normal",
        "msg_form": "msg-form",
        "composer": "msg-form__contenteditable t-14 t-black--light t-normal",
        "send": "msg-form__send-button artdeco-button artdeco-button--1",
        "send_error": "msg-form__error t-12",
        "top_card": "pv-top-card artdeco-card",
        "name": "text-heading-xlarge inline t-24 v-align-middle break-words",
        "headline": "text-body-medium break-words",
        "location": "text-body-small inline t-black--light break-words",
        "otw": "pv-open-to-work-badge",
        "section": "artdeco-card pv-profile-card",
        "section_title": "pvs-header__title",
        "section_list": "pvs-list",
        "exp_item": "pvs-list__paged-list-item artdeco-list__item",
        "exp_title": "t-bold",
        "exp_company": "t-14 t-normal",
        "exp_dates": "t-14 t-normal t-black--light pvs-entity__caption-wrapper",
        "show_all": "pvs-navigation__text optional-action-target-wrapper",
        "results": "reusable-search__entity-result-list list-style-none",
        "result": "reusable-search__result-container",
        "result_title": "entity-result__title-text t-16 app-aware-link",
        "result_subtitle": "entity-result__primary-subtitle t-14 t-black t-normal",
        "result_location": "entity-result__secondary-subtitle t-14 t-normal",
        "pagination": "artdeco-pagination artdeco-pagination--has-controls",
        "page_next": "artdeco-pagination__button artdeco-pagination__button--next artdeco-button",
        "page_prev": (
            "artdeco-pagination__button artdeco-pagination__button--previous artdeco-button"
        ),
        "page_btn": "artdeco-pagination__indicator artdeco-pagination__indicator--number",
        "end": "mn-catch-up__end t-14",
        "spinner": "artdeco-loader",
    },
    "B": {
        "nav": "_3nq9x",
        "nav_id": "top-shell",
        "me_photo": "_1ksq2 _avatar",
        "search_input": "_8fj2k",
        "bday_list": "_k2l0q",
        "bday_card": "_p7dd1",
        "bday_name": "_c1x9a",
        "bday_when": "_c1x9b",
        "bday_photo": "_img7q",
        "bday_link": "_lnk3e",
        "btn": "_b4tt0 _b4tt0--sec",
        "overlay": "_ov8w1",
        "bubble": "_cv2p9",
        "bubble_header": "_cv2p9-h",
        "bubble_title": "_cv2p9-t",
        "bubble_close": "_cv2p9-x",
        "msg_list_wrap": "_ml0a",
        "msg_list": "_ml0b",
        "msg_event": "_ml0c",
        "msg_body": "_ml0d",
        "msg_form": "_cmp0",
        "composer": "_cmp1",
        "send": "_cmp2 _b4tt0",
        "send_error": "_cmp3",
        "top_card": "_tc9a",
        "name": "_tc9b",
        "headline": "_tc9c",
        "location": "_tc9d",
        "otw": "_tc9e",
        "section": "_sc1a",
        "section_title": "_sc1b",
        "section_list": "_sc1c",
        "exp_item": "_sc1d",
        "exp_title": "_sc1e",
        "exp_company": "_sc1f",
        "exp_dates": "_sc1g",
        "show_all": "_sc1h",
        "results": "_sr0a",
        "result": "_sr0b",
        "result_title": "_sr0c",
        "result_subtitle": "_sr0d",
        "result_location": "_sr0e",
        "pagination": "_pg0a",
        "page_next": "_pg0b",
        "page_prev": "_pg0c",
        "page_btn": "_pg0d",
        "end": "_k2l0z",
        "spinner": "_spn0",
    },
}
