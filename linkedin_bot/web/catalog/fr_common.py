"""French texts shared by every page (layout, sign-in, errors), by their English id."""

from __future__ import annotations

FRENCH: dict[str, str] = {
    # layout
    "linkedin-bot dashboard": "Tableau de bord linkedin-bot",
    "Today": "Aujourd'hui",
    "Runs": "Exécutions",
    "Contacts": "Contacts",
    "Templates": "Modèles",
    "Sourcing": "Recherche de profils",
    "Settings": "Réglages",
    "Sign out": "Se déconnecter",
    "Language": "Langue",
    "Main menu": "Menu principal",
    # sign-in
    "Sign in": "Se connecter",
    "API key or password": "Clé d'API ou mot de passe",
    "Sign in with the API key (shown by `linkedin-bot auth api-key`) or the password set with `linkedin-bot auth set-password`.": "Connectez-vous avec la clé d'API (affichée par `linkedin-bot auth api-key`) ou le mot de passe défini par `linkedin-bot auth set-password`.",
    "That key or password is not right.": "Cette clé ou ce mot de passe n'est pas le bon.",
    "Too many failed attempts: try again in %(minutes)s minutes.": "Trop de tentatives manquées : réessayez dans %(minutes)s minutes.",
    "You are signed out.": "Vous êtes déconnecté.",
    "Your session ended: sign in again.": "Votre session a pris fin : reconnectez-vous.",
    # errors
    "This form has expired or did not come from this dashboard. Reload the page and try again.": "Ce formulaire a expiré ou ne vient pas de ce tableau de bord. Rechargez la page et réessayez.",
    "Page not found": "Page introuvable",
    "Not allowed": "Action refusée",
    "Back to Today": "Retour à Aujourd'hui",
    "The database is unavailable: try again in a moment.": "La base de données est indisponible : réessayez dans un instant.",
    "Something went wrong on our side; it was logged.": "Une erreur s'est produite de notre côté ; elle a été journalisée.",
}
