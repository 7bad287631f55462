"""Class names of the `sdui` variant: hashed build artefacts that change between starts.

`HashedClasses(salt).card` is one to three tokens such as `_1e5f23a7 d99855ad`: a primary
token of its own and shared "atomic" tokens, all derived from the salt, so two simulators
with different salts share no class name (as two deploys of LinkedIn do not). The
`classic` templates write their Ember-era class names literally: they were stable there.
"""

from __future__ import annotations

import hashlib
import secrets

ATOMIC_POOL = 24  # shared utility tokens, like the atomic CSS of a real build


def new_salt() -> str:
    """A fresh random salt: the default, so class names differ from one start to the next."""
    return secrets.token_hex(8)


def _token(hex8: str) -> str:
    """A CSS-safe token: a leading digit gets an underscore, as in `_1e5f23a7`."""
    return f"_{hex8}" if hex8[0].isdigit() else hex8


class HashedClasses:
    """`c.<name>` in a template gives the class attribute value for that semantic name."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._cache: dict[str, str] = {}

    def _digest(self, name: str) -> str:
        return hashlib.blake2b(f"{self.salt}:{name}".encode(), digest_size=16).hexdigest()

    def primary(self, name: str) -> str:
        """The one token that is this name's own (what the page's CSS selects on)."""
        return _token(self._digest(name)[:8])

    def sel(self, name: str) -> str:
        """A CSS selector for `name`: `._1e5f23a7`."""
        return "." + self.primary(name)

    def classes(self, name: str) -> str:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        digest = self._digest(name)
        tokens = [self.primary(name)]
        for i in range(int(digest[8], 16) % 3):
            atomic = int(digest[9 + i * 2 : 11 + i * 2], 16) % ATOMIC_POOL
            tokens.append(self.primary(f"atomic-{atomic}"))
        value = " ".join(dict.fromkeys(tokens))
        self._cache[name] = value
        return value

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.classes(name)
