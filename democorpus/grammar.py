"""Just enough English morphology to fill sentence templates correctly.

Templates name slots such as ``{aK}`` (the document's main device with its article) or ``{Bg}``
(a benefit as a gerund). :class:`Filler` draws each slot from the topic's vocabulary without
repeating an item inside one document, so that one abstract never says the same phrase twice
unless the template asks for the main device again.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping

from democorpus.spec import Vocabulary

_SLOT = re.compile(r"\{(\^?)([A-Za-z0-9_]+)\}")
_DOUBLED = frozenset(
    {"cut", "set", "stop", "run", "trim", "plan", "ship", "grip", "get", "control"}
)
_AN_ACRONYM = frozenset("AEFHILMNORSX")

GENERIC_METHODS = (
    "digital twin",
    "physics-informed neural network",
    "finite element model",
    "Bayesian optimisation framework",
    "life cycle assessment",
    "discrete-event simulation",
    "model predictive controller",
    "graph neural network",
    "reinforcement learning agent",
    "multi-objective optimisation model",
    "techno-economic model",
    "data-driven soft sensor",
    "gradient-boosting model",
    "mixed-integer programming model",
    "surrogate model",
    "hierarchical Bayesian model",
)

ADJECTIVES = (
    "reliable",
    "robust",
    "low-cost",
    "scalable",
    "energy-efficient",
    "adaptive",
    "safe",
    "data-efficient",
)


def article(phrase: str) -> str:
    """``phrase`` with ``a`` or ``an`` in front, judged by how its first word sounds."""
    word = phrase.split()[0]
    if len(word) > 1 and word.split("-")[0].isupper():
        use_an = word[0] in _AN_ACRONYM
    else:
        lower = word.lower()
        use_an = lower[0] in "aeio" or (
            lower[0] == "u" and not lower.startswith(("uni", "use", "ure", "usu", "uti"))
        )
    return f"{'an' if use_an else 'a'} {phrase}"


def plural(phrase: str) -> str:
    """Plural of a noun phrase whose head noun is its last word."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def gerund(phrase: str) -> str:
    """``reduce shift shock`` → ``reducing shift shock``."""
    verb, _, rest = phrase.partition(" ")
    if verb in _DOUBLED:
        ing = verb + verb[-1] + "ing"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return f"{ing} {rest}" if rest else ing


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class Filler:
    """Fills templates for one document from one topic's vocabulary.

    ``extras`` supplies document-level slots (organisation, city, person …) that stay the same
    wherever they appear in the document.
    """

    def __init__(
        self, vocab: Vocabulary, rng: random.Random, extras: Mapping[str, str] | None = None
    ) -> None:
        self.vocab = vocab
        self.rng = rng
        self.main = rng.choice(vocab.devices)
        self.extras = dict(extras or {})
        self._left: dict[str, list[str]] = {}
        self._slots: dict[str, Callable[[], str]] = {
            "K": lambda: self.main,
            "aK": lambda: article(self.main),
            "Ks": lambda: plural(self.main),
            "D": lambda: self.draw("devices", self.vocab.devices, avoid=self.main),
            "aD": lambda: article(self.draw("devices", self.vocab.devices, avoid=self.main)),
            "T": lambda: self.draw("techniques", self.vocab.techniques),
            "C": lambda: self.draw("components", self.vocab.components),
            "aC": lambda: article(self.draw("components", self.vocab.components)),
            "O": lambda: self.draw("objects", self.vocab.objects),
            "S": lambda: self.draw("settings", self.vocab.settings),
            "P": lambda: self.draw("processes", self.vocab.processes),
            "B": lambda: self.draw("benefits", self.vocab.benefits),
            "Bg": lambda: gerund(self.draw("benefits", self.vocab.benefits)),
            "Q": lambda: self.draw("properties", self.vocab.properties),
            "R": lambda: self.draw("related", self.vocab.related),
            "M": lambda: self.draw("materials", self.vocab.materials),
            "X": lambda: self.draw("challenges", self.vocab.challenges),
            "A": lambda: self.draw("actors", self.vocab.actors),
            "aA": lambda: article(self.draw("actors", self.vocab.actors)),
            "As": lambda: plural(self.draw("actors", self.vocab.actors)),
            "G": lambda: self.draw("methods", GENERIC_METHODS),
            "aG": lambda: article(self.draw("methods", GENERIC_METHODS)),
            "ADJ": lambda: self.draw("adjectives", ADJECTIVES),
            "N": lambda: str(rng.randint(3, 40)),
            "N2": lambda: f"{rng.randint(120, 4800):,}",
            "PCT": lambda: str(rng.randint(4, 45)),
            "SMALL": lambda: str(rng.randint(1, 5)),
            "EUR": lambda: str(rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 25, 30, 40, 60, 85))),
            "YEAR": lambda: str(rng.randint(2026, 2029)),
        }

    def draw(self, name: str, items: tuple[str, ...], *, avoid: str | None = None) -> str:
        """The next unused item of a pool; the pool is reshuffled when used up."""
        left = self._left.get(name)
        if not left:
            left = [item for item in items if item != avoid] or list(items)
            self.rng.shuffle(left)
            self._left[name] = left
        return left.pop()

    def fill(self, template: str) -> str:
        def replace(match: re.Match[str]) -> str:
            cap, name = match.groups()
            value = self.extras[name] if name in self.extras else self._slots[name]()
            return capitalise(value) if cap else value

        return _SLOT.sub(replace, template)

    def pick(self, templates: tuple[str, ...], count: int = 1) -> list[str]:
        """``count`` different templates, filled, in the order drawn."""
        return [self.fill(template) for template in self.rng.sample(templates, count)]
