"""The filters a French or Spanish reader finds their way in, in Chromium: names in their language's
order, a box to narrow the countries, what is ticked first, the sort order above the results, and
language links that keep the filters after the list updated in place."""

import re


def option_labels(page, facet):
    return page.locator(f"#{facet}-options .option-label").all_text_contents()  # shown or folded away


def test_french_countries_are_in_french_order(page, expect):
    page.goto("/fr/practices/")
    names = option_labels(page, "country")
    assert names.index("Pérou") < names.index("Salvador") < names.index("Sénégal") < names.index("Soudan")


def test_spanish_regions_are_in_spanish_order(page, expect):
    page.goto("/es/practices/")
    assert option_labels(page, "region")[:3] == ["África", "Américas", "Antártida"]


def test_typing_narrows_the_countries_without_regard_to_accents(page, expect):
    page.goto("/fr/practices/")
    page.locator("summary", has_text=re.compile("^Pays$")).click()
    page.get_by_role("searchbox", name="Tapez pour réduire cette liste").fill("senegal")
    expect(page.locator("#country-options li:visible")).to_have_count(1)
    expect(page.locator("#country-options li:visible")).to_contain_text("Sénégal")
    page.get_by_role("checkbox", name=re.compile("^Sénégal")).check()
    expect(page).to_have_url(re.compile(r"\?country=SN$"))
    # After the update, the ticked country is the first of the list.
    expect(page.locator("#country-options li").first).to_contain_text("Sénégal")
    expect(page.get_by_role("checkbox", name=re.compile("^Sénégal"))).to_be_checked()


def test_every_gcm_objective_is_in_view_without_a_scroll_box(page, expect):
    page.goto("/en/practices/")
    options = page.locator("#gcm-options")
    expect(options.locator("li")).to_have_count(23)
    assert options.evaluate("list => list.scrollHeight <= list.clientHeight + 1")


def test_the_sort_order_is_above_the_results_and_reorders_them_in_place(page, expect):
    page.goto("/en/practices/")
    page.evaluate("window.loadedOnce = true")
    sort = page.get_by_label("Sort by")
    first_card = page.locator(".card").first
    assert sort.bounding_box()["y"] < first_card.bounding_box()["y"]
    sort.select_option("title")
    expect(page).to_have_url(re.compile(r"\?sort=title$"))
    expect(page.locator(".card-title").first).to_have_text("Amuddu")
    titles = page.locator(".card-title").all_inner_texts()  # read once the new results are in
    assert len(titles) == 3
    assert titles == sorted(titles, key=str.lower)
    expect(page.get_by_label("Sort by")).to_be_focused()  # the keyboard goes on from where it was
    assert page.evaluate("window.loadedOnce"), "the page was reloaded"


def test_language_links_keep_filters_ticked_in_place(page, expect):
    page.goto("/fr/practices/")
    page.evaluate("window.loadedOnce = true")
    page.locator("summary", has_text=re.compile("^Pays$")).click()
    page.get_by_role("checkbox", name=re.compile("^Sénégal")).check()
    page.get_by_role("checkbox", name=re.compile("^15. ")).check()
    expect(page).to_have_url(re.compile(r"\?country=SN&gcm=15$"))
    assert page.evaluate("window.loadedOnce"), "the page was reloaded"
    spanish = page.get_by_role("navigation", name="Langue").get_by_role("link", name="Español")
    # The address changes at once; the links follow when the new results arrive.
    expect(spanish).to_have_attribute("href", "/es/practices/?country=SN&gcm=15")
    # So do the alternates in the head, which search engines and feed readers read.
    alternate = page.locator("link#alternate-es")
    expect(alternate).to_have_attribute("href", re.compile(r"/es/practices/\?country=SN&gcm=15$"))
    expect(page.locator("link#feed-atom")).to_have_attribute("href", re.compile(r"country=SN"))
    spanish.click()
    expect(page).to_have_url(re.compile(r"/es/practices/\?country=SN&gcm=15$"))
    expect(page.get_by_role("checkbox", name=re.compile("^Senegal"))).to_be_checked()


def test_the_search_page_filters_in_place_and_keeps_the_words(page, expect):
    page.goto("/fr/search/?q=migrants")
    page.evaluate("window.loadedOnce = true")
    page.get_by_role("checkbox", name=re.compile("^Projets")).check()
    expect(page).to_have_url(re.compile(r"/fr/search/\?q=migrants&kind=project$"))
    # The address changes at once; the list when its answer arrives.
    expect(page.locator(".card-kind", has_text="Pratique")).to_have_count(0)
    expect(page.locator(".card-kind", has_text="Projet").first).to_be_visible()
    assert page.evaluate("window.loadedOnce"), "the page was reloaded"
    # Removing the words keeps the kind ticked, and the box above empties with the list.
    page.locator("a.chip", has_text="Mots").click()
    expect(page).to_have_url(re.compile(r"/fr/search/\?kind=project$"))
    expect(page.locator("#search-q")).to_have_value("")
    expect(page.get_by_role("checkbox", name=re.compile("^Projets"))).to_be_checked()
