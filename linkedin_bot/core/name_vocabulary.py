"""Words and sentences that names are read against (data, one place; see
:mod:`linkedin_bot.core.names` for how they are used).

Word sets are lowercase, without edge periods, as nameparser folds words; the UI sets are
also unaccented, with "'" apostrophes, as :mod:`names` folds texts before comparing.
"""

from __future__ import annotations

import re


def _words(text: str, separator: str | None = None) -> frozenset[str]:
    return frozenset(word.strip() for word in text.split(separator))


# Lowercase, without edge periods: nameparser folds words the same way before matching.
TITLES = _words(
    """
    mr mrs ms mx miss sir dr doctor prof professor rev revd reverend fr father sister brother
    rabbi capt captain lt sgt cmdr adm lord engr atty m mme mlle me pr docteur professeur
    maître maitre mgr monseigneur ingénieur abbé père frère sœur soeur herr frau dipl.-ing
    dipl-ing dipl.-kfm dipl.-inf dr.-ing dr-ing univ.-prof priv.-doz sr sra srta dra licdo
    licda mtro mtra abog dott dott.ssa avv sig.ra pan pani inż dhr mevr ir drs bc judr mudr
    phdr rndr mvdr dl dna md mohd muhd mhd
    """
)
# Titles only when written with their period: without it they are also first names ("Phil",
# "Nat", "Hon", "Eng", "Maj", "Lek"), or qualifiers of a doctorate ("Dr. rer. nat.").
DOTTED_TITLES = _words(
    """
    hon eng arch arq col maj lek mag lic ing sig rag geom nat phil med jur rer dent vet oec
    pol soc theol techn paed sc h.c mult habil hab dipl
    """
)
# Title words whose single following word is a given name ("Md Rahman", "Sister Mary").
GIVEN_NAME_TITLES = _words("md mohd muhd mhd sister brother father sir")
# Post-nominals nameparser does not know: French/Québec and German degrees, job acronyms.
CREDENTIALS = _words(
    """
    crha cria adma fcpa fcga cga dess dea hdr dipl-ing dipl.-ing mscs msca bcom llb
    ceo cto cfo coo cmo cio ciso chro cdo cpo vp svp evp avp mvp
    """
)
# Pronoun words of pronoun sets ("she/her", "il/lui", "er/ihm"), removed when slashed.
PRONOUNS = _words(
    """
    he him his she her hers they them theirs xe xem xyr ze zir hir ey em any all
    il lui elle iel ielle ils elles eux er ihm sie ihr es él ella elle ellx
    """
)
# Vietnamese family names, written first: "Nguyễn Văn An" is greeted "An", which we cannot
# tell from the order alone, so such a name has no greeting (compared folded, no accents).
FAMILY_FIRST_SURNAMES = _words(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh truong"
)
# Words no person is named after: one of them in a "name" means the driver read page text.
# Folded like the names they are compared with: lowercase, no accents, "'" apostrophes.
NON_NAME_WORDS = _words(
    """
    linkedin profile profil profiles photo photos picture image avatar status statut online
    offline reachable joignable message messages messaging messagerie member members membre
    membres view voir afficher send envoyer connect connecter follow suivre premium verified
    verifie hiring recrute recrutement sponsored sponsorise promoted anonymous anonyme unknown
    inconnu inconnue utilisateur utilisatrice user birthday anniversaire anniversary
    celebrating loading chargement notification notifications invitation pending
    aujourd'hui today yesterday opentowork
    """
)
# Whole texts that stand where a name should be on a page (en, fr), folded the same way.
UI_PHRASES = _words(
    """
    you | vous | moi | more | plus | see more | voir plus | show more | afficher plus |
    charger plus | load more | home | accueil | jobs | emplois | my network | mon reseau |
    open to work | hier | like | j'aime | comment | commenter | share | partager | repost |
    republier | close | fermer | dismiss | ignorer | ignore | next | suivant | previous |
    precedent | active now | now | maintenant | people you may know | null | none |
    undefined | nan | name | nom | first name | prenom | full name | nom complet | someone |
    quelqu'un | private | prive | out of network | hors reseau | mobile | headline | titre |
    network | reseau | add | ajouter | accept | accepter | withdraw | retirer
    """,
    "|",
)
# The sentences image alternative texts and profile links wrap around a name (en, fr);
# the name is the group "name". Either apostrophe: typewriter, typographic, modifier letter.
_APOSTROPHE = "['\u2019\u02bc]"
ALT_TEXT_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(?:profile\s+(?:photo|picture|image)|photo|picture|image|avatar"
        r"|view\s+(?:the\s+)?profile)\s+(?:of|for)\s+(?P<name>.+)$",
        rf"^(?:(?:view|visit|open|go\s+to)\s+)?(?P<name>.+?){_APOSTROPHE}s?\s+"
        r"(?:profile(?:\s+(?:photo|picture|image))?|photo|picture|avatar)$",
        r"^(?:(?:photo|image)(?:\s+de\s+profil)?|avatar|profil"
        r"|(?:voir|afficher|consulter|visiter)\s+le\s+profil|acc[ée]der\s+au\s+profil)"
        rf"\s+(?:de\s+|d{_APOSTROPHE}\s*)(?P<name>.+)$",
    )
)
