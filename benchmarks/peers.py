"""The systems ocrfix is compared with: what a user would pick instead of it.

Each builder returns a :class:`System`, a callable ``str -> str`` with a name and a line that
says what it was built from. Builders raise :class:`PeerUnavailable` with a one-line message
(what to install) when a peer cannot be built here.

- ``identity``: no change, the baseline every figure is read against.
- ``ocrfix``: ``ocrfix.repair(text)``.
- ``symspell``: symspellpy with a Swedish frequency dictionary built from wordfreq (``sv``,
  ``large``; words of letters only, frequencies as integer counts). A spell-checker with a good
  word list and nothing Swedish-OCR specific.
- ``hunspell``: Hunspell with the Swedish dictionary, through the ``hunspell`` program in pipe
  mode (``hunspell -a``). The pure-Python ``spylls`` gives the same suggestions but takes
  seconds per long word (4 s for ``Socialndmnden``), hours on the pair corpora; the program
  takes ~0.1 s.
- ``ftfy``: ``ftfy.fix_text(text)`` with its default configuration, the well-kept generic
  repairer of mojibake and entities (the peer of benchmarks/encoding.py).
- ``floor``: not a repair but the least work one can do that looks at every word: the text
  split into runs of non-space characters, and one look-up in ocrfix's packaged lexicon per
  distinct run (its punctuation stripped), the verdicts remembered for the process; the text
  comes back as it was. Issue 15 calls this "the limit" of a fast path for clean text.

Both spell-checkers go through :class:`WordReplacer`: every word token (a run of letters and
digits with at least one letter, because OCR writes ``6verens`` for ``överens``) that the
checker rejects is replaced by its first suggestion, with the token's case carried over
(``lower``, ``Title``, ``UPPER``); punctuation and spacing around it are left as they are, and
a token with no suggestion stays. Suggestions are looked up once per distinct token per call.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import unicodedata
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import regex

# A word token: letters, digits and combining marks, with at least one letter. Digits are
# inside because OCR misreads letters as digits (`6verens`, `10sa`, `f4`); pure numbers are
# not words and are never touched.
WORD_RE = regex.compile(r"[\p{L}\p{N}\p{M}]*\p{L}[\p{L}\p{N}\p{M}]*")

HUNSPELL_INSTALL = (
    "hunspell peer skipped: the `hunspell` program is not installed "
    "(Debian/Ubuntu: `sudo apt-get install hunspell`; macOS: `brew install hunspell`)"
)
DICTIONARY_INSTALL = (
    "hunspell peer skipped: no Swedish dictionary sv_SE.dic/.aff found "
    "(`python -m pip install hunspell-sv`, or Debian: `sudo apt-get install hunspell-sv-se`)"
)


class PeerUnavailable(Exception):
    """A system cannot be built on this machine; the message says what to install."""


@dataclass
class System:
    """A repair function with its name and provenance; ``close()`` frees what it holds."""

    name: str
    repair: Callable[[str], str]
    about: str = ""
    close: Callable[[], None] = field(default=lambda: None)

    def __call__(self, text: str) -> str:
        return self.repair(text)


def transfer_case(original: str, suggestion: str) -> str:
    """Give ``suggestion`` the case pattern of ``original``.

    UPPER (two or more cased letters, all capitals) gives UPPER; a leading capital gives a
    leading capital; anything else leaves the suggestion as the checker wrote it (lower case
    from symspell, a proper noun's capital from Hunspell).

    >>> transfer_case("NULAGE", "nuläge"), transfer_case("Arenden", "ärenden")
    ('NULÄGE', 'Ärenden')
    >>> transfer_case("6verens", "överens"), transfer_case("stockholm", "Stockholm")
    ('överens', 'Stockholm')
    """
    if len(original) > 1 and original.isupper():
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


class WordReplacer:
    """Replace each rejected word token by ``suggest(token)``, case carried over.

    ``suggest`` returns the first suggestion for a token the checker rejects, and ``None`` for a
    token it accepts or cannot correct.
    """

    def __init__(self, suggest: Callable[[str], str | None]) -> None:
        self.suggest = suggest

    def __call__(self, text: str) -> str:
        seen: dict[str, str] = {}

        def replace(match: regex.Match[str]) -> str:
            token = match.group()
            if token not in seen:
                suggestion = self.suggest(unicodedata.normalize("NFC", token))
                seen[token] = token if suggestion is None else transfer_case(token, suggestion)
            return seen[token]

        return WORD_RE.sub(replace, text)


def build_identity() -> System:
    return System("identity", lambda text: text, "no change")


def import_ocrfix() -> Any:
    """The ocrfix that Python imports, else the one in this checkout."""
    try:
        import ocrfix
    except ImportError:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import ocrfix
    return ocrfix


def build_ocrfix() -> System:
    """``ocrfix.repair``: the ocrfix that Python imports, else the one in this checkout."""
    ocrfix = import_ocrfix()
    version = getattr(ocrfix, "__version__", "?")
    return System("ocrfix", ocrfix.repair, f"ocrfix {version} from {Path(ocrfix.__file__).parent}")


def symspell_words() -> dict[str, int]:
    """wordfreq's Swedish "large" list as integer counts (frequency × 10⁹), letters-only words."""
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict("sv", wordlist="large")
    return {word: max(1, round(freq * 1e9)) for word, freq in freqs.items() if word.isalpha()}


def build_symspell(max_edit_distance: int = 2, prefix_length: int = 7) -> System:
    try:
        from symspellpy import SymSpell, Verbosity
        import wordfreq  # noqa: F401
    except ImportError as error:
        raise PeerUnavailable(
            f"symspell peer skipped: {error.name} is not installed "
            "(`python -m pip install -e '.[bench]'`)"
        ) from None
    words = symspell_words()
    checker = SymSpell(max_dictionary_edit_distance=max_edit_distance, prefix_length=prefix_length)
    for word, count in words.items():
        checker.create_dictionary_entry(word, count)

    def suggest(token: str) -> str | None:
        lower = token.lower()
        if lower in words:
            return None
        found = checker.lookup(lower, Verbosity.TOP, max_edit_distance=max_edit_distance)
        return found[0].term if found else None

    about = (
        f"symspellpy {metadata.version('symspellpy')}, {len(words):,} words from "
        f"wordfreq {metadata.version('wordfreq')} sv/large, max edit distance {max_edit_distance}"
    )
    return System("symspell", WordReplacer(suggest), about)


def find_hunspell_dictionary(explicit: str | None = None) -> Path:
    """The sv_SE dictionary, without extension: given, from the hunspell-sv package, or Debian's."""
    candidates = [Path(explicit)] if explicit else [
        Path(sysconfig.get_paths()["data"], "share", "hunspell", "sv_SE"),
        Path(sys.prefix, "share", "hunspell", "sv_SE"),
        Path("/usr/share/hunspell/sv_SE"),
    ]
    for base in candidates:
        base = base.with_suffix("") if base.suffix in (".dic", ".aff") else base
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return base
    raise PeerUnavailable(DICTIONARY_INSTALL if not explicit else
                          f"hunspell peer skipped: no {explicit}.dic/.aff")


class HunspellPipe:
    """One long-lived ``hunspell -a`` process, asked one word at a time.

    In pipe (ispell) mode Hunspell answers each input line with one line per word and then an
    empty line: ``*`` (known), ``+ ROOT`` (known by affix), ``-`` (known compound),
    ``& WORD N OFFSET: SUGG, SUGG`` (rejected, suggestions) or ``# WORD OFFSET`` (rejected,
    none). Each word is sent behind ``^`` so that a word is never read as a pipe command.
    """

    def __init__(self, program: str, dictionary: Path) -> None:
        self.process = subprocess.Popen(
            [program, "-a", "-i", "utf-8", "-d", str(dictionary)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.banner = self._readline().strip()

    def _readline(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            assert self.process.stderr is not None
            raise RuntimeError(f"hunspell stopped: {self.process.stderr.read().strip()}")
        return line

    def suggest(self, word: str) -> str | None:
        assert self.process.stdin is not None
        self.process.stdin.write("^" + word + "\n")
        self.process.stdin.flush()
        suggestion = None
        while (line := self._readline()) != "\n":
            if line.startswith("&") and suggestion is None:
                suggestion = line.split(": ", 1)[1].split(", ")[0].strip()
        return suggestion

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def build_hunspell(dictionary: str | None = None) -> System:
    program = shutil.which("hunspell")
    if program is None:
        raise PeerUnavailable(HUNSPELL_INSTALL)
    base = find_hunspell_dictionary(dictionary)
    pipe = HunspellPipe(program, base)
    try:
        source = f"hunspell-sv {metadata.version('hunspell-sv')}"
    except metadata.PackageNotFoundError:
        source = "system package"
    if not base.is_relative_to(sysconfig.get_paths()["data"]):
        source = "system package"
    version = pipe.banner.rsplit("Hunspell", 1)[-1].strip(" )") or pipe.banner
    about = f"hunspell {version} (pipe mode), dictionary {base}.dic ({source})"
    return System("hunspell", WordReplacer(pipe.suggest), about, pipe.close)


def build_ftfy() -> System:
    """``ftfy.fix_text`` with its default configuration."""
    try:
        import ftfy
    except ImportError:
        raise PeerUnavailable(
            "ftfy peer skipped: ftfy is not installed (`python -m pip install -e '.[bench]'`)"
        ) from None
    return System("ftfy", ftfy.fix_text, f"ftfy {metadata.version('ftfy')} fix_text, default config")


def build_floor() -> System:
    """Split into runs of non-space characters, one lexicon look-up per distinct run."""
    import_ocrfix()
    from ocrfix.lexicon import Lexicon, get_lexicon
    from ocrfix.stages.words import _AROUND_WORD  # what the word stage strips from a run

    # A Lexicon of its own: the shared one holds the look-ups ocrfix's timed runs made.
    lexicon = Lexicon(get_lexicon().path)
    verdicts: dict[str, bool] = {}

    def floor(text: str) -> str:
        for run in text.split():
            if run not in verdicts:
                verdicts[run] = lexicon.lookup(run.strip(_AROUND_WORD)) is not None
        return text

    return System("floor", floor, "str.split, one look-up per distinct run in ocrfix's "
                  "lexicon (a marisa trie), no change: the least work of a word-level repair")


BUILDERS: dict[str, Callable[[], System]] = {
    "ocrfix": build_ocrfix,
    "symspell": build_symspell,
    "hunspell": build_hunspell,
    "ftfy": build_ftfy,
    "identity": build_identity,
    "floor": build_floor,
}


def build(name: str, hunspell_dictionary: str | None = None) -> tuple[System, float]:
    """Build the system ``name`` and warm it up once; return it with the seconds that took."""
    start = time.perf_counter()
    if name == "hunspell":
        system = build_hunspell(hunspell_dictionary)
    else:
        system = BUILDERS[name]()
    system("Förvaltningen")  # loads whatever the system loads lazily, outside the timed calls
    return system, time.perf_counter() - start
