"""East Asian font and size resolution through the style chain, as Word applies it."""
import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from scoring.report_docx_content import DocxView
from scoring.report_docx_fonts import canonical_font, size_name, size_points
from scoring.report_docx_layout import first_line_indent, line_spacing

STYLES = f"""
<w:styles {nsdecls('w')}>
  <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/>
    <w:sz w:val="21"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Base"><w:name w:val="base"/>
    <w:pPr><w:spacing w:line="360" w:lineRule="auto"/><w:ind w:firstLine="480"/></w:pPr>
    <w:rPr><w:rFonts w:eastAsia="黑体;SimHei;sans-serif"/><w:sz w:val="44"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Title2"><w:name w:val="title two"/>
    <w:basedOn w:val="Base"/>
    <w:pPr><w:jc w:val="center"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="loop a"/>
    <w:basedOn w:val="LoopB"/></w:style>
  <w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="loop b"/>
    <w:basedOn w:val="LoopA"/></w:style>
  <w:style w:type="character" w:styleId="Kai"><w:name w:val="kai"/>
    <w:rPr><w:rFonts w:eastAsia="KaiTi"/></w:rPr></w:style>
</w:styles>"""


def document_with(paragraphs):
    """paragraphs: (style id or None, run properties XML or '') pairs, all with Chinese text."""
    document = docx.Document()
    document.part._styles_part._element = parse_xml(STYLES)
    body = document.element.body
    for style, rpr in paragraphs:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body.insert(len(body) - 1, parse_xml(
            f'<w:p {nsdecls("w")}>{ppr}<w:r>{rpr}<w:t>客户满意度分析</w:t></w:r></w:p>'))
    out = io.BytesIO()
    document.save(out)
    return DocxView(out.getvalue())


def resolved(view, index):
    block = view.blocks[index]
    run = view.runs_of(block)[0]
    return (view.fonts.east_asian_font(run, block.element),
            view.fonts.size_pt(run, block.element))


def test_style_chain_and_direct_formatting_in_word_order():
    view = document_with([
        ("Title2", ""),                                               # based-on chain
        ("Title2", '<w:rPr><w:rStyle w:val="Kai"/></w:rPr>'),          # run style wins
        ("Title2", '<w:rPr><w:rStyle w:val="Kai"/><w:rFonts w:eastAsia="SimSun"/>'
                   '<w:sz w:val="24"/></w:rPr>'),                      # direct wins
        (None, ""),                                                    # defaults → theme
    ])
    assert resolved(view, 0) == ("黑体", 22.0)
    assert resolved(view, 1) == ("楷体", 22.0)
    assert resolved(view, 2) == ("宋体", 12.0)
    assert resolved(view, 3) == ("宋体", 10.5)  # python-docx's theme maps Hans to 宋体


def test_paragraph_layout_comes_from_the_style_chain():
    view = document_with([("Title2", ""), (None, "")])
    styled, plain = view.blocks[0].element, view.blocks[1].element
    assert line_spacing(view.chain, styled).multiple == 1.5
    assert line_spacing(view.chain, plain).multiple == 1.0
    assert first_line_indent(view.chain, styled).in_chars(12) == 2.0


def test_cyclic_based_on_chain_terminates():
    view = document_with([("LoopA", "")])
    assert resolved(view, 0) == ("宋体", 10.5)


@pytest.mark.parametrize("written, canonical", [
    ("SimHei", "黑体"), ("黑体;SimHei", "黑体"), ("宋体;SimSun;serif", "宋体"),
    ("Microsoft YaHei", "微软雅黑"), ("仿宋_GB2312", "仿宋"), ("Times New Roman", "Times New Roman"),
    ("", None),
])
def test_font_aliases_and_libreoffice_font_lists(written, canonical):
    assert canonical_font(written) == canonical


def test_chinese_size_names():
    assert size_points("二号") == 22 and size_points("小四") == 12 and size_points("小二") == 18
    assert size_points("10.5") == 10.5 and size_points(14) == 14
    assert size_name(12) == "小四(12 磅)" and size_name(13) == "13 磅"
