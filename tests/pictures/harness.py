"""Render an output as a person sees it and read the picture back.

xlsx and docx are printed to PDF by LibreOffice headless (a fresh profile per call), HTML by
headless Chromium; the PDF is read with poppler's ``pdftohtml -xml -zoom 1``, which gives each
text box in points with its font size and marks italics, and ``pdftoppm`` makes PNGs.

    python -m tests.pictures.harness FILE... [--png-dir DIR]

prints, per file, its pages and smallest text in points.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 180
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
STATUS_ICONS = ("○", "◑", "●", "◐")
INK_CONTRAST = 60  # grey levels between the darkest and lightest pixel of a drawn line of text


class RenderError(RuntimeError):
    """A renderer failed or gave no PDF."""


@dataclass(frozen=True)
class Word:
    """One text box on a page, in points from the page's top-left."""

    page: int
    text: str
    left: float
    top: float
    width: float
    height: float
    size: float  # font size in points
    italic: bool
    bold: bool

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float


@dataclass(frozen=True)
class Picture:
    """A printed output: its pages and every text box on them."""

    pdf: Path
    pages: tuple[Page, ...]
    words: tuple[Word, ...]  # text lines as pdftohtml joins them, with their fonts
    boxes: tuple[Word, ...] = ()  # single words as pdftotext -bbox finds them (no font)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_words(self, number: int) -> list[Word]:
        return [w for w in self.words if w.page == number]

    def page_text(self, number: int) -> str:
        return " ".join(w.text for w in self.page_words(number))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def smallest_size(self, *, ignore: tuple[str, ...] = ()) -> float:
        """The smallest font size of any text with a letter or digit (icons alone are not body text)."""
        sizes = [w.size for w in self.words if re.search(r"\w", w.text) and not any(i in w.text for i in ignore)]
        return min(sizes) if sizes else 0.0

    def italic_text(self) -> str:
        return " ".join(w.text for w in self.words if w.italic)

    def outside_page(self) -> list[Word]:
        """Text boxes that run off their page."""
        by_number = {p.number: p for p in self.pages}
        out = []
        for w in self.words:
            page = by_number[w.page]
            if w.left < -0.5 or w.top < -0.5 or w.right > page.width + 0.5 or w.bottom > page.height + 0.5:
                out.append(w)
        return out

    def pages_without(self, text: str) -> list[int]:
        """Pages whose text lacks ``text`` (e.g. a header row that should repeat)."""
        return [p.number for p in self.pages if text not in self.page_text(p.number)]

    def icons_beside(self, labels: dict[str, str], gap: float = 60.0, pages: set[int] | None = None) -> list[str]:
        """Each place a status ``label`` is printed (a text box holding just the label) without its
        ``icon`` in the same box or beside it on the same line, at most ``gap`` points away (on
        ``pages`` only, when given)."""
        missing = []
        for label, icon in labels.items():
            for w in self.words:
                if pages is not None and w.page not in pages:
                    continue
                if w.text == f"{icon} {label}" or w.text.endswith(f"{icon} {label}"):
                    continue
                if w.text != label:
                    continue
                middle = w.top + w.height / 2
                near = [v for v in self.page_words(w.page) if icon in v.text
                        and (-2 <= w.left - v.right <= gap or -2 <= v.left - w.right <= gap)
                        and abs(v.top + v.height / 2 - middle) <= max(w.height, v.height) / 2]
                if not near:
                    missing.append(f"page {w.page}: {label!r} at ({w.left:.0f}, {w.top:.0f}) has no {icon}")
        return missing

    def overlaps(self, slack: float = 1.5, share: float = 0.4) -> list[tuple[Word, Word]]:
        """Text boxes drawn over one another: a cell's text run into its neighbour's cell or below its
        row. A printed PDF keeps what a cell clips beneath the clip, so its boxes overlap the next cell's.

        Two boxes overlap when they share more than ``slack`` points across and more than ``share`` of
        the lower one's height (a box is taller than the line pitch, so lines of a paragraph touch).
        """
        found = []
        # single words: pdftohtml joins one cell's text and the clipped text of its neighbour into one line
        every = self.boxes or self.words
        for page in self.pages:
            words = sorted((w for w in every if w.page == page.number), key=lambda w: w.top)
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    if b.top >= a.bottom - slack:
                        break
                    down = min(a.bottom, b.bottom) - b.top
                    if down > share * min(a.height, b.height) and min(a.right, b.right) - max(a.left, b.left) > slack:
                        found.append((a, b))
        return found

    def overlapping(self) -> list[str]:
        """:meth:`overlaps`, one line each."""
        return [f"page {a.page}: {a.text[:30]!r} at ({a.left:.0f}, {a.top:.0f}) overlaps {b.text[:30]!r} at "
                f"({b.left:.0f}, {b.top:.0f})" for a, b in self.overlaps()]

    def cut_short(self, texts: list[str], tail: int = 24) -> list[str]:
        """Each of ``texts`` (a workbook's cells) whose end is not printed: a row too short for its
        wrapped text, whose last lines LibreOffice leaves out of the PDF. Spaces and line breaks are
        ignored, as the printed lines break where the column does."""
        printed = re.sub(r"\s+", "", self.text)
        return [text[:60] for text in texts if (end := re.sub(r"\s+", "", text)[-tail:]) and end not in printed]

    def hashes(self) -> list[str]:
        """Numbers and dates too wide for their column, which a spreadsheet prints as ###."""
        return [f"page {w.page}: ### at ({w.left:.0f}, {w.top:.0f})" for w in self.words
                if re.fullmatch(r"#{2,}", w.text)]

    def clipped(self, texts: list[str] = ()) -> list[str]:  # type: ignore[assignment]
        """Every text a person cannot read whole: boxes over one another, cells cut short, ###."""
        return self.overlapping() + [f"cut short: {t!r}" for t in self.cut_short(list(texts))] + self.hashes()

    def statuses_seen(self, label: str) -> int:
        """How many text boxes show ``label`` alone or after an icon."""
        return sum(1 for w in self.words if w.text == label or w.text.endswith(" " + label))


def printed_texts(path: Path) -> list[str]:
    """The text of every cell a workbook prints: each visible sheet's strings, within its print area."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    areas = _print_columns(path)
    texts = []
    for meta in book.sheets_metadata:
        if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
            continue
        last = areas.get(meta.name)
        for row in book.get_sheet_by_name(meta.name).to_python():
            texts += [v.strip() for c, v in enumerate(row) if isinstance(v, str) and v.strip()
                      and (last is None or c <= last)]
    return texts


def _print_columns(path: Path) -> dict[str, int]:
    """The last column (0-based) of each sheet's print area, by sheet name."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/workbook.xml").decode("utf-8")
    names = [html.unescape(n) for n in re.findall(r'<sheet [^>]*?name="([^"]*)"', xml)]
    found = {}
    for sheet_id, area in re.findall(r'<definedName [^>]*?name="_xlnm.Print_Area"[^>]*?localSheetId="(\d+)"[^>]*>'
                                     r"([^<]*)</definedName>", xml):
        columns = re.findall(r"\$?([A-Z]{1,3})\$?\d*", area.rsplit("!", 1)[-1])
        if columns:
            found[names[int(sheet_id)]] = _column_index(columns[-1])
    return found


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def have_libreoffice() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftohtml") is not None


def chromium() -> str | None:
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


def to_pdf(path: Path, work: Path) -> Path:
    """Print ``path`` to a PDF in ``work``: LibreOffice for xlsx/docx, Chromium for HTML."""
    path = Path(path)
    work.mkdir(parents=True, exist_ok=True)
    pdf = work / (path.stem + ".pdf")
    if path.suffix.lower() in {".html", ".htm"}:
        browser = chromium()
        if browser is None:
            raise RenderError("chromium is not installed")
        browser_profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-pdf-header-footer", f"--user-data-dir={browser_profile}", f"--print-to-pdf={pdf}", path.resolve().as_uri()]
    else:
        profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
        cmd = ["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work), str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if not pdf.is_file():
        raise RenderError(f"{path.name}: no PDF ({done.returncode}): {done.stderr.strip()[-300:]}")
    return pdf


def to_pdfs(paths: list[Path], work: Path) -> dict[Path, Path]:
    """Print many outputs at once: every workbook and document in one LibreOffice call (its start-up is
    most of the time a file takes), each HTML page by Chromium."""
    work.mkdir(parents=True, exist_ok=True)
    office = [Path(p) for p in dict.fromkeys(paths) if Path(p).suffix.lower() not in {".html", ".htm"}]
    made: dict[Path, Path] = {}
    if office:
        profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
        inputs = work / "in"
        inputs.mkdir(exist_ok=True)
        named = {}  # a numbered copy of each, as two outputs may share a name (committee.xlsx, .docx)
        for i, path in enumerate(office):
            named[path] = inputs / f"{i:02d}-{path.name}"
            shutil.copyfile(path, named[path])
        done = subprocess.run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                               "--norestore", "--convert-to", "pdf", "--outdir", str(work),
                               *map(str, named.values())],
                              capture_output=True, text=True, timeout=TIMEOUT * 4, check=False)
        for path in office:
            pdf = work / (named[path].stem + ".pdf")
            if not pdf.is_file():
                raise RenderError(f"{path.name}: no PDF ({done.returncode}): {done.stderr.strip()[-300:]}")
            made[path] = pdf
    for path in paths:
        if Path(path) not in made:
            made[Path(path)] = to_pdf(Path(path), work / f"html-{len(made)}")
    return made


def read_pdf(pdf: Path) -> Picture:
    """Every text box of ``pdf`` with its page, box and font, from ``pdftohtml -xml -zoom 1``."""
    done = subprocess.run(["pdftohtml", "-xml", "-zoom", "1", "-i", "-stdout", "-q", str(pdf)],
                          capture_output=True, timeout=TIMEOUT, check=True)
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", done.stdout)
    root = ET.fromstring(xml)
    fonts = {f.get("id"): float(f.get("size", "0")) for f in root.iter("fontspec")}
    pages: list[Page] = []
    words: list[Word] = []
    for page in root.iter("page"):
        number = int(page.get("number", "0"))
        pages.append(Page(number, float(page.get("width", "0")), float(page.get("height", "0"))))
        for t in page.iter("text"):
            text = "".join(t.itertext()).strip()
            if not text:
                continue
            words.append(Word(
                page=number, text=text, left=float(t.get("left", "0")), top=float(t.get("top", "0")),
                width=float(t.get("width", "0")), height=float(t.get("height", "0")),
                size=fonts.get(t.get("font"), 0.0), italic=t.find(".//i") is not None,
                bold=t.find(".//b") is not None))
    return Picture(pdf=pdf, pages=tuple(pages), words=tuple(words), boxes=tuple(read_boxes(pdf)))


def read_boxes(pdf: Path) -> list[Word]:
    """Every word of ``pdf`` with its box, from ``pdftotext -bbox``."""
    done = subprocess.run(["pdftotext", "-bbox", "-q", str(pdf), "-"], capture_output=True, timeout=TIMEOUT,
                          check=True)
    boxes = []
    for number, page in enumerate(re.findall(rb"<page\b.*?</page>", done.stdout, re.DOTALL), start=1):
        for x0, y0, x1, y1, text in re.findall(rb'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                                rb'yMax="([\d.]+)">([^<]*)</word>', page):
            left, top = float(x0), float(y0)
            boxes.append(Word(page=number, text=html.unescape(text.decode("utf-8")), left=left, top=top,
                              width=float(x1) - left, height=float(y1) - top, size=0.0, italic=False, bold=False))
    return boxes


def to_png(pdf: Path, out_dir: Path, stem: str, *, dpi: int = 60, first: int = 1, last: int = 1) -> list[Path]:
    """PNGs of pages ``first``..``last`` of ``pdf`` as ``out_dir/stem-N.png``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf),
                    str(prefix)], capture_output=True, timeout=TIMEOUT, check=True)
    return sorted(out_dir.glob(f"{stem}-*.png"))


def picture(path: Path, work: Path) -> Picture:
    """``path`` printed and read back."""
    return read_pdf(to_pdf(path, work))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--png-dir", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.files:
            pic = picture(path, Path(tmp) / path.stem)
            print(f"{path}: {pic.page_count} pages, smallest text {pic.smallest_size():.1f} pt")  # noqa: T201
            if args.png_dir:
                to_png(pic.pdf, args.png_dir, path.stem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
