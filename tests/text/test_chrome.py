"""Chrome detection: general shape rules, never the seeds' lines."""

import pytest

from pipeline.text.chrome import chrome_ranges, line_kinds


@pytest.mark.parametrize(
    "line",
    [
        "日本一区二区不卡，亚洲欧洲一区，伦理一区二区，高清视频",
        "首页 | 新闻中心 | 政协要闻 | 图片新闻 | 联系我们",
        "当前位置 ： 首页 > 资讯中心 > 时政要闻",
        "网站首页 > 新闻 > 正文",
        "加入收藏|设为首页| 网站地图",
        "[打印文章] [添加收藏]",
        "微信扫码分享",
        "扫一扫在手机打开当前页",
        "221381",
    ],
)
def test_chrome_lines(line):
    text = "这是一篇正文，内容很长，说明市政协召开了会议。\n" + line + "\n又一段正文，市政协开展调研。"
    ranges = chrome_ranges(text)
    assert any(text[a:b].strip() == line.strip() for a, b in ranges), ranges


@pytest.mark.parametrize(
    "line",
    [
        "自治区政协2023年十件履职大事",
        "市政协召开主席会议，研究部署下一阶段工作。",
        "2023",
        "围绕“推动制造业振兴，助力产业转型升级”召开专题常委会会议协商议政，建议聚焦传统产业、新兴产业、生产性服务业三大核心领域。",
        "市政协通过微信公众号发布了履职动态，全年刊发稿件200多篇。",
    ],
)
def test_chrome_content_lines_kept(line):
    text = "正文第一段，市政协召开会议。\n" + line + "\n正文第三段，市政协开展调研。"
    assert chrome_ranges(text) == []


def test_chrome_inline_counter_only():
    line = "文章来源： 作者：黄某 发布时间：2023年01月03日 点击数：74 A- A+"
    ranges = chrome_ranges(line)
    marked = "".join(line[a:b] for a, b in ranges)
    assert "点击数：74" in marked and "2023年01月03日" not in marked


def test_chrome_related_headlines_box():
    lines = ["- 甲市政协召开常委会会议", "- 乙县政协开展专题调研", "- 丙区政协举办培训班", "正文：市政协召开会议，研究工作。"]
    assert line_kinds(lines) == [True, True, True, False]


def test_chrome_footer_block():
    lines = ["正文，市政协召开会议。", "[打印文章] [添加收藏]", "X", "某市政协", "微信公众号", "信访举报"]
    assert line_kinds(lines) == [False, True, True, True, True, True]
