"""Pools for the names and conversations of people "in the wild" (data, not logic)."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

# (before, after) the name: emoji members put around their name.
EMOJI_DECORATIONS: tuple[tuple[str, str], ...] = (
    ("🔥 ", " 🚀"),
    ("✨ ", ""),
    ("", " 🌍"),
    ("🎯 ", " 🎯"),
    ("", " ☀️"),
)

TITLES: tuple[str, ...] = ("Dr.", "Prof.", "Me")

# Glued after the name: credentials, suffixes and pronouns.
SUFFIXES: tuple[str, ...] = (", PhD", " MBA", ", CFA", " (she/her)", " (he/him)", ", PMP®")

# (first name field, last name field, displayed name, greeting, slug words)
NON_LATIN: tuple[tuple[str, str, str, str, str], ...] = (
    ("李明", "", "李明", "李明", "li ming"),
    ("王芳", "", "王芳", "王芳", "wang fang"),
    ("张伟", "", "张伟", "张伟", "zhang wei"),
    ("Дмитрий", "Иванов", "Дмитрий Иванов", "Дмитрий", "dmitry ivanov"),
    ("Ольга", "Смирнова", "Ольга Смирнова", "Ольга", "olga smirnova"),
    ("Γιώργος", "Παπαδόπουλος", "Γιώργος Παπαδόπουλος", "Γιώργος", "giorgos papadopoulos"),
    ("يوسف", "حداد", "يوسف حداد", "يوسف", "youssef haddad"),
)

PARTICLE_SURNAMES: tuple[str, ...] = (
    "van der Berg",
    "de la Fontaine",
    "von Trapp",
    "D'Arcy",
    "dos Santos",
)

# Surnames for names that tell no first name ("J. Smith", "Dr. Dubois"): none of them is
# also a given name, so "Dr. <surname>" cannot be read as a first name either.
PLAIN_SURNAMES: tuple[str, ...] = ("Smith", "Dubois", "Müller", "Rossi", "Kowalski", "Takahashi")

PRONOUNS: tuple[str, ...] = ("He/Him", "She/Her", "They/Them", "She/They")

DESCRIPTIONS: tuple[str, ...] = (
    "Led the migration of our data platform to the cloud.",
    "• Built the payments API\n• Mentored four engineers",
    "Owned the roadmap of the mobile app (2M users).",
    "Designed and ran the on-call rotation; cut incidents by half.",
    "Développement d’outils internes, de l’idée à la mise en production.",
)

# Last year's wishes from the member and the replies, per the person's language.
WISHES: dict[str, tuple[str, ...]] = {
    "en": ("Happy birthday {first}! 🎂", "Happy birthday {first}, have a great day!"),
    "fr": ("Joyeux anniversaire {first} ! 🎂", "Bon anniversaire {first}, belle journée !"),
}
REPLIES: dict[str, tuple[str, ...]] = {
    "en": ("Thank you so much! 🙏", "Thanks a lot, very kind of you!"),
    "fr": ("Merci beaucoup ! 🙏", "Merci, c’est très gentil !"),
}
SMALL_TALK: tuple[tuple[str, str], ...] = (
    ("Thanks for connecting!", "Likewise, happy to be connected."),
    ("Great to meet you at the meetup last week.", "Same here! Let's keep in touch."),
    ("Are you still working on the data platform?", "Yes, for another year at least."),
)
