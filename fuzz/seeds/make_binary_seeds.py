#!/usr/bin/env python3
"""Writes the binary seeds of the fuzz corpus: tiny PDF and DOCX files made
here, byte for byte the same on every run (fixed zip timestamps), so the
corpus in the repository can be checked against this script.

    python3 fuzz/seeds/make_binary_seeds.py   # from the repository root
"""
import io
import os
import zipfile
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# --- PDF -------------------------------------------------------------------

def pdf(objects, root=1, info=None):
    """A PDF from object bodies (numbered from 1), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data, dict_extra=b"", compress=False):
    if compress:
        data = zlib.compress(data, 9)
        dict_extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), dict_extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page(content, compress=False, info=None):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content, compress=compress),
        FONT,
    ]
    if info:
        objects.append(info)
    return pdf(objects, info=len(objects) if info else None)


HELLO = (
    b"BT /F1 18 Tf 72 760 Td (Policy Brief 3) Tj ET\n"
    b"BT /F1 11 Tf 72 730 Td (June 2026) Tj ET\n"
    b"BT /F1 11 Tf 72 700 Td (Trade rules and the WTO reform agenda: ) Tj "
    b"0 -14 Td (what developing countries ask for.) Tj ET\n"
)
write("pdf", "plain.pdf", one_page(HELLO))
write("pdf", "flate.pdf", one_page(HELLO, compress=True))
write(
    "pdf",
    "info.pdf",
    one_page(
        b"BT /F1 12 Tf 72 720 Td [(Sant) -20 (\\351 publique) 250 (et brevets)] TJ ET\n"
        b"BT /F1 12 Tf 3 Tc 72 700 Td (espac\\351) Tj ET",
        compress=True,
        info=b"<< /Title (Sant\\351 publique) /Author (A. Author; B. Writer) "
        b"/CreationDate (D:20260115093000Z) /Subject (health) /Keywords (ip, health) >>",
    ),
)
two_pages = pdf(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 720 Td (Page one: climate finance) Tj ET"),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R >>",
        stream(b"BT /F1 12 Tf 72 720 Td (Page two: loss and damage) Tj T* (next line) Tj ET", compress=True),
        FONT,
    ]
)
write("pdf", "two-pages.pdf", two_pages)
# A decompression bomb: one content stream of 4 MiB of spaces (a few KB
# compressed), over the per-stream cap of the fuzz target.
write("pdf", "bomb.pdf", one_page(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n" + b" " * (4 << 20), compress=True))
# Encrypted: a trailer naming /Encrypt.
enc = one_page(HELLO).replace(b"trailer\n<< ", b"trailer\n<< /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >> ")
write("pdf", "encrypted.pdf", enc)


# --- DOCX ------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def para(text, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>" % (ppr, text)


def document(body):
    return '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)


CORE = (
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Research Paper 199</dc:title><dc:creator>Ana Autora; Li Wei</dc:creator>"
    "<dc:subject>trade</dc:subject><cp:keywords>wto, reform</cp:keywords>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-02-03T10:00:00Z</dcterms:created>'
    "</cp:coreProperties>"
)


def docx(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


write(
    "docx",
    "simple.docx",
    docx(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", document(para("Trade and development", "Title") + para("The WTO &amp; its reform."))),
            ("docProps/core.xml", CORE),
        ]
    ),
)
write(
    "docx",
    "runs.docx",
    docx(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            (
                "word/document.xml",
                document(
                    para("Heading one", "Heading1")
                    + "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>&#x5357;&#26041; &lt;c&gt;</w:t></w:r></w:p>"
                    + para("Sant\u00e9 publique, 公共卫生")
                ),
            ),
        ],
        method=zipfile.ZIP_STORED,
    ),
)
write("docx", "no-document.docx", docx([("[Content_Types].xml", CONTENT_TYPES), ("word/other.xml", "<x/>")]))
# A zip bomb: word/document.xml of 4 MiB (a few KB compressed).
write(
    "docx",
    "bomb.docx",
    docx(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", document(para("x" * (4 << 20)))),
        ]
    ),
)
