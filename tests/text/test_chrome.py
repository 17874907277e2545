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


@pytest.mark.parametrize(
    "line",
    [
        "第A03版：要闻",  # an e-paper page label
        "某县日报第一版  市政协召开常委会议  县委部署春耕工作  委员走访企业",  # label + headline list
        "春耕备耕有序推进  市政协召开常委会议  县委部署安全生产  委员走访企业",  # a headline list
        "<image src=“photo.png” alt=“会场”>",  # a markup line
        "DSC_3613.jpg",  # an image file name
        "会场图片2.JPG",
    ],
)
def test_chrome_e_paper_markup_and_images(line):
    text = "这是一篇正文，内容很长，说明市政协召开了会议。\n" + line + "\n又一段正文，市政协开展调研。"
    ranges = chrome_ranges(text)
    assert any(text[a:b].strip() == line.strip() for a, b in ranges), ranges


@pytest.mark.parametrize(
    "line",
    [
        # A sentence the scraper broke over lines: long clauses, commas, 、 and quotes.
        "今年以来，某县政协以“界别工作提升年”为契机，指导创建了9个各具特色、各有主题的委员工作室，实现了在20个界别全覆盖，并联动17个乡镇",
        "会议期间，省委常委、州委书记某某，州委副书记、州长某某分别参加了委员联组讨论，与委员一起",
        "据了解，县政协十一届二次会议将于1月4日上午在城区开幕，1月6日上午闭幕，在接下来的几天时间里，委员们将认真履职，建言献策，为推动发展",
    ],
)
def test_chrome_broken_sentences_are_content(line):
    text = "正文第一段，市政协召开会议。\n" + line + "\n正文第三段，市政协开展调研。"
    assert chrome_ranges(text) == []


def test_chrome_title_before_an_embedded_image_is_content():
    lines = ["某市政协委员：建议加强基层交流", "<image>data：image/s3 alt=“会场”", "正文：某委员昨在会上提出建议。"]
    assert line_kinds(lines) == [False, True, False]


def test_chrome_byline_keeps_its_date_and_source():
    line = "2011年01月17日 08:01 来源：某某网 字号： 转发 打印"
    ranges = chrome_ranges("标题\n\n" + line + "\n正文，市政协召开会议。")
    marked = "".join(("标题\n\n" + line)[a:b] for a, b in ranges)
    assert "字号" in marked and "2011年01月17日 08:01" not in marked and "来源：某某网" not in marked


def test_chrome_stale_date_widget_in_the_page_head():
    text = "2014年9月9日 星期二\n首页 > 专题\n关于提案审查情况的报告\n发布时间：2026-01-21\n正文，区政协召开会议。"
    assert any(text[a:b] == "2014年9月9日 星期二" for a, b in chrome_ranges(text))


def test_chrome_e_paper_issue_date_is_content():
    """Under a masthead, with no other date in the byline, the date is the issue's."""
    text = "某县数字报纸\n\n2019年11月23日 星期六\n\n第一版  标题甲  标题乙  标题丙\n\n正文，市政协召开会议。"
    ranges = chrome_ranges(text)
    assert not any("2019年11月23日" in text[a:b] for a, b in ranges)
    assert any("第一版" in text[a:b] for a, b in ranges)
