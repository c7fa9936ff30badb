"""The social_meta tag: a page's Open Graph tags, with defaults for what most pages
leave out, and its JSON-LD when it has some."""

from django.conf import settings
from django.template import engines


def render(arguments, **context):
    template = engines["django"].from_string("{% load ics %}{% social_meta " + arguments + " %}")
    return template.render(context)


def test_a_page_names_only_its_title_description_and_address():
    html = render('title="Board papers" description=summary url="https://example.org/b/"',
                  summary="Papers & minutes")
    assert f'<meta property="og:site_name" content="{settings.ICS_NAME}">' in html
    assert '<meta property="og:title" content="Board papers">' in html
    assert '<meta property="og:description" content="Papers &amp; minutes">' in html
    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:url" content="https://example.org/b/">' in html
    assert "og:image" not in html
    assert "robots" not in html
    assert "ld+json" not in html


def test_an_article_preview_gets_its_type_image_robots_line_and_json_ld():
    html = render(
        'title=headline description="" url="https://example.org/a/" kind="article" '
        'image="https://example.org/m/a.jpg" preview=True data=data',
        headline='"Quoted" <b>headline</b>', data={"@type": "NewsArticle", "headline": "</script>"},
    )
    escaped = "&quot;Quoted&quot; &lt;b&gt;headline&lt;/b&gt;"
    assert f'<meta property="og:title" content="{escaped}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="https://example.org/m/a.jpg">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    opening = '<script type="application/ld+json">'
    assert opening in html
    # The data's own "</script>" is escaped: the block's only closing tag is its own.
    assert html.split(opening)[1].count("</script>") == 1


def test_a_picture_s_size_and_description_go_with_it():
    html = render('title="t" description="" url="https://example.org/a/" '
                  'image="https://example.org/m/a.jpg" image_size=size image_alt=alt',
                  size=[1440, 810], alt="A ward & its staff")
    assert ('<meta property="og:image" content="https://example.org/m/a.jpg">\n'
            '<meta property="og:image:width" content="1440">\n'
            '<meta property="og:image:height" content="810">\n'
            '<meta property="og:image:alt" content="A ward &amp; its staff">') in html


def test_a_picture_of_unknown_size_is_named_alone():
    html = render('title="t" description="" url="https://example.org/a/" '
                  'image="https://example.org/m/a.jpg"')
    assert '<meta property="og:image" content="https://example.org/m/a.jpg">' in html
    assert "og:image:" not in html
