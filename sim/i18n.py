"""UI text of the simulated pages in English and French, and date/duration formats."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

from datetime import date

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "send_message_to": "Send message to {name}",
        "message": "Message",
        "message_aria": "Message {name}",
        "send": "Send",
        "close": "Close",
        "close_conversation": "Close your conversation with {name}",
        "conversation_with": "Conversation with {name}",
        "write_message": "Write a message…",
        "send_failed": "Couldn't send. Try again.",
        "next": "Next",
        "previous": "Previous",
        "page_n": "Page {n}",
        "birthday_today": "Birthday today",
        "yesterday": "Yesterday",
        "birthdays_title": "Celebrate birthdays",
        "all_caught_up": "You're all caught up",
        "no_birthdays": "No birthdays to celebrate right now",
        "loading": "Loading…",
        "about": "About",
        "experience": "Experience",
        "education": "Education",
        "skills": "Skills",
        "certifications": "Licenses & certifications",
        "languages": "Languages",
        "present": "Present",
        "show_all_skills": "Show all {n} skills",
        "open_to_work": "Open to work",
        "open_to_work_aria": "{name} is open to work",
        "connect": "Connect",
        "connect_aria": "Invite {name} to connect",
        "follow": "Follow",
        "follow_aria": "Follow {name}",
        "more": "More",
        "more_aria": "More actions",
        "search": "Search",
        "results_count": "About {n} results",
        "no_results": "No results found",
        "not_found": "This page doesn't exist",
        "not_found_detail": "Please check your URL or return to LinkedIn home.",
        "security_check": "Let's do a quick security check",
        "sign_in": "Sign in",
        "email": "Email or phone",
        "password": "Password",
        "wrong_password": "Wrong email or password. Try again or create an account.",
        "authwall": "Join LinkedIn to see this page",
        "home": "Home",
        "my_network": "My Network",
        "messaging": "Messaging",
        "premium_title": "Try Premium for free",
        "premium_body": "See who's viewed your profile and get hired faster.",
        "dismiss": "Dismiss",
        "cookie_body": "LinkedIn and 3rd parties use essential and non-essential cookies.",
        "accept": "Accept",
        "notif_body": "Turn on notifications to stay up to date.",
        "turn_on": "Turn on",
        "not_now": "Not now",
        "start_post": "Start a post",
        "1st": "1st",
        "2nd": "2nd",
        "weekly_limit": "You've reached the weekly limit for this action. Try again next week.",
        "drift_text": "Discover more of what matters to you",
    },
    "fr": {
        "send_message_to": "Envoyer un message à {name}",
        "message": "Message",
        "message_aria": "Envoyer un message à {name}",
        "send": "Envoyer",
        "close": "Fermer",
        "close_conversation": "Fermer votre conversation avec {name}",
        "conversation_with": "Conversation avec {name}",
        "write_message": "Rédigez un message…",
        "send_failed": "Échec de l’envoi. Réessayez.",
        "next": "Suivant",
        "previous": "Précédent",
        "page_n": "Page {n}",
        "birthday_today": "Anniversaire aujourd'hui",
        "yesterday": "Hier",
        "birthdays_title": "Souhaitez les anniversaires",
        "all_caught_up": "Vous êtes à jour",
        "no_birthdays": "Aucun anniversaire à souhaiter pour le moment",
        "loading": "Chargement…",
        "about": "Infos",
        "experience": "Expérience",
        "education": "Formation",
        "skills": "Compétences",
        "certifications": "Licences et certifications",
        "languages": "Langues",
        "present": "aujourd’hui",
        "show_all_skills": "Afficher les {n} compétences",
        "open_to_work": "Ouvert aux opportunités",
        "open_to_work_aria": "{name} est ouvert aux opportunités",
        "connect": "Se connecter",
        "connect_aria": "Inviter {name} à rejoindre votre réseau",
        "follow": "Suivre",
        "follow_aria": "Suivre {name}",
        "more": "Plus",
        "more_aria": "Plus d’actions",
        "search": "Recherche",
        "results_count": "Environ {n} résultats",
        "no_results": "Aucun résultat",
        "not_found": "Cette page n’existe pas",
        "not_found_detail": "Vérifiez l’URL ou retournez à l’accueil de LinkedIn.",
        "security_check": "Procédons à une vérification de sécurité rapide",
        "sign_in": "S’identifier",
        "email": "E-mail ou téléphone",
        "password": "Mot de passe",
        "wrong_password": "E-mail ou mot de passe incorrect.",
        "authwall": "Rejoignez LinkedIn pour voir cette page",
        "home": "Accueil",
        "my_network": "Réseau",
        "messaging": "Messagerie",
        "premium_title": "Essayez Premium gratuitement",
        "premium_body": "Découvrez qui a consulté votre profil.",
        "dismiss": "Ignorer",
        "cookie_body": "LinkedIn et des tiers utilisent des cookies essentiels et non essentiels.",
        "accept": "Accepter",
        "notif_body": "Activez les notifications pour rester informé.",
        "turn_on": "Activer",
        "not_now": "Pas maintenant",
        "start_post": "Commencer un post",
        "1st": "1er",
        "2nd": "2e",
        "weekly_limit": "Vous avez atteint la limite hebdomadaire pour cette action.",
        "drift_text": "Découvrez davantage ce qui compte pour vous",
    },
}

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
}

EMPLOYMENT_TYPES_FR = {
    "Full-time": "Temps plein",
    "Part-time": "Temps partiel",
    "Self-employed": "Indépendant",
    "Freelance": "Freelance",
    "Contract": "CDD",
    "Internship": "Stage",
}


def day_month(when: date, lang: str) -> str:
    """'Oct 24' in English, '24 oct.' in French."""
    month = MONTHS[lang][when.month - 1]
    return f"{when.day} {month}" if lang == "fr" else f"{month} {when.day}"


def month_year(when: date, lang: str) -> str:
    """'Jan 2019' / 'janv. 2019'."""
    return f"{MONTHS[lang][when.month - 1]} {when.year}"


def months_between(start: date, end: date) -> int:
    """Months counted the way LinkedIn does: both the first and the last month count."""
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 1)


def duration(months: int, lang: str) -> str:
    """'5 yrs 2 mos' / '5 ans 2 mois'; '1 yr', '1 mo', '1 an', '1 mois'."""
    years, rest = divmod(months, 12)
    parts: list[str] = []
    if lang == "fr":
        if years:
            parts.append(f"{years} an" if years == 1 else f"{years} ans")
        if rest:
            parts.append(f"{rest} mois")
    else:
        if years:
            parts.append(f"{years} yr" if years == 1 else f"{years} yrs")
        if rest:
            parts.append(f"{rest} mo" if rest == 1 else f"{rest} mos")
    return " ".join(parts)


def date_range(start: date, end: date | None, today: date, lang: str) -> str:
    """'Jan 2019 - Present · 5 yrs 2 mos'."""
    finish = month_year(end, lang) if end else LABELS[lang]["present"]
    span = duration(months_between(start, end or today), lang)
    return f"{month_year(start, lang)} - {finish} · {span}"


def employment_type(value: str, lang: str) -> str:
    return EMPLOYMENT_TYPES_FR.get(value, value) if lang == "fr" else value


def label(lang: str, key: str, **values: object) -> str:
    """One UI string, formatted: `label("fr", "send_message_to", name="Zoë Smith")`."""
    return LABELS[lang][key].format(**values)
