"""The demo magazine's text: invented people, written for masthead.

Bodies are lists of (block type, value) in the StreamField's own shape, so
the loader passes them through unchanged. Dates are days before "now".
"""

AUTHORS = [
    {
        "slug": "maren-holt",
        "name": "Maren Holt",
        "role": "Senior fellow, European security",
        "bio": "<p>Maren Holt writes on maritime security and the politics of European defence. "
        "She spent eight years as a naval analyst before turning to policy research.</p>",
        "links": [("Personal site", "https://example.org/maren-holt")],
    },
    {
        "slug": "leila-haddad",
        "name": "Leila Haddad",
        "role": "Middle East editor",
        "bio": "<p>Leila Haddad covers the Gulf, Iraq and the Levant, with a focus on water, "
        "energy and the trade routes that tie the region to the rest of the world.</p>",
        "links": [("Bluesky", "https://bsky.app/profile/leila.example.org")],
    },
    {
        "slug": "kwame-mensah",
        "name": "Kwame Mensah",
        "role": "Africa analyst",
        "bio": "<p>Kwame Mensah follows West African politics and the continent's economic "
        "integration. He previously reported from Accra, Dakar and Niamey.</p>",
        "links": [],
    },
    {
        "slug": "priya-raman",
        "name": "Priya Raman",
        "role": "Asia-Pacific correspondent",
        "bio": "<p>Priya Raman reports on Southeast Asia and the Pacific islands: coast guards, "
        "fisheries, rivers and the diplomacy that surrounds them.</p>",
        "links": [("Mastodon", "https://mastodon.example.org/@priya")],
    },
    {
        "slug": "tomas-aguirre",
        "name": "Tomás Aguirre",
        "role": "Americas correspondent",
        "bio": "<p>Tomás Aguirre writes about resources, migration and security in Latin America "
        "from Santiago, and about the United States' policy towards the hemisphere.</p>",
        "links": [],
    },
]

# Each picture, drawn by demo/scenes.py: title (also its caption), credit, agency reference.
PICTURES = {
    "harbour-cable-ship": (
        "A cable repair ship leaving harbour at dawn",
        "Elin Sørby/Northlight Images",
        "NL-26-04418",
    ),
    "baltic-coast-radar": (
        "A coastal radar station on a grey shore",
        "Jonas Vilks/Harbour Photo",
        "HP-88213",
    ),
    "brussels-flags": (
        "Flags outside a council building",
        "Anouk Peeters via Northlight Images",
        "NL-26-01977",
    ),
    "red-sea-container-ship": (
        "A container ship under escort in open water",
        "Samir Aziz/Harbour Photo",
        "HP-90411",
    ),
    "basra-river": ("Low water on a river at evening", "Noor Kareem/Northlight Images", "NL-26-03360"),
    "gulf-skyline": ("A city skyline in afternoon haze", "Samir Aziz/Harbour Photo", "HP-90877"),
    "sahel-road": ("A trucking road crossing dry savanna", "Awa Diallo via Northlight Images", "NL-26-02214"),
    "addis-summit": ("Delegates arriving at a summit hall", "Dawit Bekele/Harbour Photo", "HP-87102"),
    "lake-fishing-boats": (
        "Fishing boats drawn up on a lake shore",
        "Grace Atieno/Northlight Images",
        "NL-26-05121",
    ),
    "pacific-atoll": ("An atoll seen from the air", "Sione Latu/Harbour Photo", "HP-91554"),
    "coast-guard-cutter": (
        "Two coast guard cutters at anchor",
        "Mika Tanaka via Northlight Images",
        "NL-26-04002",
    ),
    "mekong-barges": ("Barges moving downstream on a wide river", "Linh Tran/Harbour Photo", "HP-86630"),
    "andes-salt-flat": (
        "Evaporation ponds on a high salt flat",
        "Rocío Mamani/Northlight Images",
        "NL-26-03025",
    ),
    "canal-locks": ("A ship waiting at canal locks", "Diego Herrera/Harbour Photo", "HP-89940"),
    "sanctions-ledger": (
        "Shipping containers stacked at a customs yard",
        "Ruth Adler via Northlight Images",
        "NL-26-00771",
    ),
    "missile-silo-field": ("A fenced field under a wide sky", "Peter Lund/Harbour Photo", "HP-85318"),
    "seabed-chart": ("A nautical chart on a chart table", "Elin Sørby/Northlight Images", "NL-26-04425"),
    "grain-ship": (
        "A bulk carrier loading grain below a row of silos",
        "Oksana Melnyk/Harbour Photo",
        "HP-91120",
    ),
    "tanker-at-anchor": ("An ageing tanker at anchor offshore", "Jonas Vilks/Harbour Photo", "HP-88390"),
}


def p(text):
    return ("paragraph", f"<p>{text}</p>")


LEAD = {
    "slug": "baltic-cable-cuts-test-europe-keeps-failing",
    "title": "The Baltic cable cuts are a test Europe keeps failing",
    "dek": "Sabotage on the seabed is cheap and deniable. Deterring it takes ships, sensors and laws "
    "that Europe still has not paid for.",
    "kind": "analysis",
    "region": "europe",
    "further_regions": ["global"],
    "countries": ["Finland", "Estonia", "Sweden", "Russia"],
    "authors": ["maren-holt"],
    "picture": "harbour-cable-ship",
    "hero_caption": "A repair vessel heads out to a damaged power cable in the Gulf of Finland.",
    "days_ago": 0.2,
    "updated_days_ago": 0.05,
    "related": ["nordic-ministers-pool-seabed-surveillance", "sanctions-fatigue-fewer-sharper-measures"],
    "body": [
        p(
            "Three times in two winters, a merchant ship has dragged its anchor across the floor of the "
            "Baltic Sea and severed a cable or a pipeline on the way. Each time the crew blamed bad "
            "weather, each time investigators found the anchor chain scraped bright for dozens of "
            "kilometres, and each time the ship sailed on to a Russian port before anyone could board it. "
            "The pattern is no longer in doubt. What remains in doubt is whether Europe intends to do "
            "anything about it."
        ),
        p(
            "The damage itself has been manageable. Power and data were rerouted within hours, and repair "
            "ships restored most links within weeks. That resilience is a real achievement of Nordic and "
            "Baltic grid planners. But it has also bred a dangerous complacency, because the cost of each "
            "attack falls almost entirely on the defender, while the attacker risks little more than an "
            "old freighter and a captain willing to plead ignorance."
        ),
        ("heading", {"text": "Cheap to do, costly to answer", "level": "h2"}),
        p(
            "Seabed sabotage sits in the grey zone that deterrence theory handles worst. An attack that "
            "cannot be attributed quickly cannot be punished quickly, and an attack that does little lasting "
            "harm does not justify a response that risks escalation. The shadow fleet of ageing tankers "
            "that carries sanctioned oil around Europe supplies an endless stock of deniable hulls, "
            "registered under flags of convenience and insured by nobody who will answer the phone."
        ),
        (
            "block_quote",
            {
                "quote": "We can fix a cable in a fortnight. We cannot yet stop the next anchor from "
                "falling, and everyone on both sides of the water knows it.",
                "attribution": "A Finnish grid operator's security chief, speaking to the author",
            },
        ),
        p(
            "Closing that gap needs three things Europe has so far bought only in pilot quantities. The first "
            "is persistent surveillance: seabed sensors, patrol drones and the shared data links to fuse them "
            "into a single picture that every coastal state can see. The second is the legal authority to "
            "stop and inspect a suspect ship in international waters, which the law of the sea grants only "
            "in narrow cases. The third is the political will to detain a vessel and its cargo when the "
            "evidence is strong, even when the flag state objects."
        ),
        ("pull_quote", "The cost of each attack falls on the defender; the attacker risks an old freighter."),
        (
            "image",
            {
                "image": "seabed-chart",
                "caption": "Cable routes across the central Baltic, as marked on a commercial chart.",
                "credit": "",
            },
        ),
        ("heading", {"text": "What would change the calculation", "level": "h2"}),
        p(
            "The most useful step would also be the least dramatic: an agreement among the Baltic coastal "
            "states to treat any ship that loses its anchor over critical infrastructure as a potential "
            "crime scene, with a standing right to escort it into port for inspection. Insurers and port "
            "authorities could do the rest, by refusing cover and berths to ships that cannot show where "
            "their anchors have been. None of this requires a new treaty; it requires coordination that "
            "the region's navies already practise every summer."
        ),
        p(
            "Until then, every cut cable sends the same message to whoever ordered it: the tactic works, "
            "the price is low, and the response will be another communiqué. Europe has spent two winters "
            "proving it can repair what others break. The harder task is making the breaking stop."
        ),
        (
            "source_note",
            "<p>Sources: public statements of the Finnish and Estonian investigating authorities; "
            "interviews by the author with grid and port officials in Helsinki and Tallinn.</p>",
        ),
    ],
}

ARTICLES = [
    LEAD,
    {
        "slug": "nordic-ministers-pool-seabed-surveillance",
        "title": "Nordic ministers agree to pool seabed surveillance data",
        "dek": "A new data-sharing pact links sonar, satellite and patrol feeds from five navies.",
        "kind": "news",
        "region": "europe",
        "countries": ["Norway", "Denmark", "Finland", "Sweden", "Iceland"],
        "authors": ["maren-holt"],
        "picture": "baltic-coast-radar",
        "days_ago": 1.5,
        "body": [
            p(
                "Defence ministers from the five Nordic countries agreed on Tuesday to merge the data their "
                "navies collect about activity around undersea cables and pipelines, creating what officials "
                "described as a single operating picture of the seabed from the North Cape to the Danish "
                "straits. The arrangement covers sonar readings, satellite imagery and patrol reports, and "
                "takes effect in the spring."
            ),
            p(
                "Officials said the pact would let any of the five navies follow a suspect ship across "
                "national boundaries without waiting for a formal request. It does not create new powers to "
                "board vessels, which remain subject to international maritime law."
            ),
            p(
                "The agreement comes after a series of cable breaks in the Baltic that investigators have "
                "linked to ships dragging their anchors. Ministers said they would review the arrangement "
                "after a year."
            ),
        ],
    },
    {
        "slug": "enlargement-without-reform-hollows-union",
        "title": "Enlargement without reform would hollow out the union",
        "dek": "Admitting new members under today's voting rules invites permanent paralysis.",
        "kind": "opinion",
        "region": "europe",
        "countries": ["Ukraine", "Moldova", "Georgia"],
        "authors": ["maren-holt"],
        "picture": "brussels-flags",
        "days_ago": 3,
        "body": [
            p(
                "The case for bringing Ukraine, Moldova and the western Balkans into the European Union is "
                "strategic and, by now, widely accepted in the capitals that matter. The case for doing so "
                "without first changing how the union takes decisions is much weaker, yet that is the path "
                "governments keep drifting towards, because treaty change is hard and enlargement speeches "
                "are easy."
            ),
            p(
                "A union of thirty-five members that still needs unanimity on foreign policy, taxation and "
                "its own budget would hand a veto to every government with a grievance. The last decade "
                "has shown how often one capital can hold the rest hostage over an unrelated dispute."
            ),
            p(
                "Qualified majority voting on foreign policy, a smaller commission and a budget that can be "
                "agreed without blackmail are not technical footnotes. They are the price of a larger union "
                "that still works, and the time to pay it is before the doors open, not after."
            ),
        ],
    },
    {
        "slug": "red-sea-insurance-rewriting-trade-routes",
        "title": "The Red Sea insurance market is quietly rewriting trade routes",
        "dek": "War-risk premiums, not warships, decide which cargoes still pass through Bab el-Mandeb.",
        "kind": "analysis",
        "region": "middle-east",
        "countries": ["Yemen", "Egypt", "Saudi Arabia"],
        "authors": ["leila-haddad"],
        "picture": "red-sea-container-ship",
        "days_ago": 2,
        "corrections": [
            (
                1.5,
                "An earlier version of this article misnamed the strait at the southern end of the "
                "Red Sea. It is the Bab el-Mandeb.",
            )
        ],
        "body": [
            p(
                "Naval escorts have made the southern Red Sea safer than it was a year ago, but the ships "
                "have not come back in anything like their old numbers. The reason is written in the "
                "war-risk clauses that underwriters in London attach to every voyage, and in premiums that "
                "still make the long route around southern Africa cheaper for many cargoes, even after the "
                "extra fuel and the lost fortnight."
            ),
            p(
                "Insurers price what they cannot see. As long as attacks remain possible and hard to "
                "predict, a single strike on a vessel can wipe out a year of premiums, and underwriters "
                "behave accordingly. Shipping lines, in turn, have redrawn schedules that will not be "
                "changed back quickly."
            ),
            p(
                "For Egypt, which depends on canal fees for a large share of its foreign currency, that "
                "inertia is the real damage. Restoring traffic will take more than quieter waters; it will "
                "take a record of quiet months long enough to change an actuary's mind."
            ),
        ],
    },
    {
        "slug": "basra-water-crisis-outpaces-politics",
        "title": "In Basra, a water crisis outpaces the politics meant to solve it",
        "dek": "Salt is creeping up the Shatt al-Arab faster than Baghdad can agree on a plan.",
        "kind": "reporting",
        "region": "middle-east",
        "countries": ["Iraq", "Iran", "Turkey"],
        "authors": ["leila-haddad"],
        "picture": "basra-river",
        "days_ago": 5,
        "body": [
            p(
                "On the riverbank south of Basra, farmers measure the crisis by the taste of the water. "
                "Each summer the sea pushes further up the Shatt al-Arab as the flow from upstream weakens, "
                "and each summer more of the date groves that once lined the banks turn brown. Several "
                "growers said they had stopped replanting altogether."
            ),
            p(
                "The causes lie far from the city: dams upstream in Turkey and Iran, wasteful irrigation "
                "across Iraq, and a warming climate that shrinks the winter snows feeding the rivers. "
                "Solutions proposed in Baghdad range from desalination plants to a barrage at the river "
                "mouth, but none has been funded in full."
            ),
            p(
                "Local officials say they are left to ration tanker deliveries while the national "
                "government negotiates. Residents are blunter: the river, they say, is leaving them."
            ),
        ],
    },
    {
        "slug": "former-negotiator-what-gulf-wants-from-washington",
        "title": "A former negotiator on what the Gulf wants from Washington now",
        "dek": "Security guarantees matter less than predictability, says a veteran of three rounds of talks.",
        "kind": "interview",
        "region": "middle-east",
        "countries": ["United Arab Emirates", "Saudi Arabia", "United States"],
        "authors": ["leila-haddad"],
        "picture": "gulf-skyline",
        "days_ago": 8,
        "body": [
            p(
                "For most of a decade, Hana Qureshi sat across the table from American officials on behalf "
                "of a Gulf government, in talks on arms sales, basing rights and trade. Now retired from "
                "diplomacy and teaching in Abu Dhabi, she spoke to us about how the region's priorities have "
                "shifted and why, in her view, Washington still misreads them."
            ),
            (
                "block_quote",
                {
                    "quote": "We stopped asking for promises. We ask for plans that survive an election.",
                    "attribution": "Hana Qureshi",
                },
            ),
            p(
                "Qureshi argued that Gulf states now hedge by design, buying from several suppliers and "
                "courting several powers, not out of hostility to the United States but because no single "
                "partner has proved reliable across changes of government. That hedging, she said, is a "
                "rational response and should not be treated as betrayal."
            ),
        ],
    },
    {
        "slug": "sahel-juntas-sovereignty-supply-chain",
        "title": "Sahel juntas are learning that sovereignty has a supply chain",
        "dek": "Leaving the regional bloc was quick. Replacing its ports, roads and currency will not be.",
        "kind": "analysis",
        "region": "africa",
        "countries": ["Mali", "Burkina Faso", "Niger"],
        "authors": ["kwame-mensah"],
        "picture": "sahel-road",
        "days_ago": 4,
        "body": [
            p(
                "When the military governments of Mali, Burkina Faso and Niger walked out of the West "
                "African economic community, they presented the move as a declaration of independence from "
                "a club they said served foreign interests. Two years on, the three landlocked states are "
                "discovering how much of their daily economy ran through the institutions they left."
            ),
            p(
                "Fuel, fertiliser and medicine reach the Sahel along corridors from ports in Senegal, Côte "
                "d'Ivoire, Ghana, Togo and Benin. Customs arrangements that once let trucks cross borders "
                "with a single set of papers now depend on bilateral goodwill that can be withdrawn at any "
                "time."
            ),
            p(
                "None of this means the juntas will reverse course. It does mean their room for manoeuvre "
                "is narrower than their rhetoric suggests, and that neighbours who keep the roads open hold "
                "more leverage than sanctions ever gave them."
            ),
        ],
    },
    {
        "slug": "african-union-deadline-payments-system",
        "title": "African Union sets deadline for continental payments system",
        "dek": "Members are asked to connect their central banks to a shared settlement platform within two years.",
        "kind": "news",
        "region": "africa",
        "countries": ["Ethiopia", "Ghana", "Kenya"],
        "authors": ["kwame-mensah"],
        "picture": "addis-summit",
        "days_ago": 6,
        "body": [
            p(
                "African Union leaders meeting in Addis Ababa set a two-year deadline on Sunday for member "
                "states to connect their central banks to a continental payments platform, which lets "
                "businesses settle cross-border trade in local currencies instead of routing transactions "
                "through dollars or euros."
            ),
            p(
                "About a dozen countries already use the system. Officials said wider adoption could cut "
                "the cost of trade within the continent, which remains a small share of Africa's total "
                "commerce."
            ),
            p("The summit also agreed to review progress on the continental free trade area next year."),
        ],
    },
    {
        "slug": "lake-victoria-fleets-shrinking",
        "title": "On Lake Victoria, the fishing fleets are shrinking faster than the fish",
        "dek": "Stricter net rules saved the stocks. Whole fishing villages are still paying for it.",
        "kind": "reporting",
        "region": "africa",
        "countries": ["Uganda", "Kenya", "Tanzania"],
        "authors": ["kwame-mensah"],
        "picture": "lake-fishing-boats",
        "days_ago": 11,
        "body": [
            p(
                "At dawn on the Ugandan shore of Lake Victoria, fewer boats go out than a decade ago. Patrols "
                "burned thousands of undersized nets after regulators found the lake's Nile perch stocks in "
                "steep decline, and by most scientific measures the crackdown has worked: the fish are "
                "larger and more numerous than they were. The fishermen are fewer and poorer."
            ),
            p(
                "Many lost their boats along with their nets, and the loans to replace them never came. "
                "Landing sites that once supported hundreds of families now host a handful of crews working "
                "for traders who own the legal gear."
            ),
            p(
                "Conservation officials say the rules must stay. Village leaders say they would accept them "
                "more readily if some of the recovered catch's value came back to the shore."
            ),
        ],
    },
    {
        "slug": "pacific-island-states-pricing-loyalty",
        "title": "Pacific island states are pricing their loyalty, and that is rational",
        "dek": "Small states with large seas are auctioning access, and the bidders keep rising.",
        "kind": "analysis",
        "region": "asia-pacific",
        "countries": ["Solomon Islands", "Fiji", "China", "Australia"],
        "authors": ["priya-raman"],
        "picture": "pacific-atoll",
        "days_ago": 7,
        "body": [
            p(
                "Western officials often describe the Pacific islands as a battleground in a contest between "
                "China and its rivals, as if the islands themselves were terrain. Island governments see it "
                "differently. They control vast exclusive economic zones, votes in international forums and "
                "locations that navies covet, and they are learning to charge for all three."
            ),
            p(
                "Policing agreements, port upgrades and climate finance now arrive from several directions "
                "at once, and leaders who play suitors against each other have extracted more than a decade "
                "of polite neglect ever delivered."
            ),
            p(
                "The risk is that short-term bidding produces debts and dependencies the islands cannot "
                "manage. The opportunity, if donors coordinate even a little, is investment the region has "
                "needed for a generation."
            ),
        ],
    },
    {
        "slug": "manila-tokyo-coast-guard-access-deal",
        "title": "Manila and Tokyo sign reciprocal access deal for coast guards",
        "dek": "The agreement lets each country's patrol ships use the other's ports for training and rescue.",
        "kind": "news",
        "region": "asia-pacific",
        "countries": ["Philippines", "Japan"],
        "authors": ["priya-raman"],
        "picture": "coast-guard-cutter",
        "days_ago": 2.5,
        "body": [
            p(
                "The Philippines and Japan signed an agreement on Friday allowing their coast guards to use "
                "each other's ports and conduct joint training, extending a defence pact the two countries "
                "concluded earlier. Officials said the deal would speed up joint search-and-rescue and "
                "disaster-relief missions in the region."
            ),
            p(
                "Japan has supplied patrol vessels to the Philippine coast guard, which faces frequent "
                "confrontations in disputed waters of the South China Sea."
            ),
            p("The agreement must be ratified by both parliaments before it takes effect."),
        ],
    },
    {
        "slug": "mekong-not-a-sideshow",
        "title": "Stop treating the Mekong as a sideshow to the South China Sea",
        "dek": "Upstream dams shape the lives of sixty million people. Diplomacy should notice.",
        "kind": "opinion",
        "region": "asia-pacific",
        "countries": ["Vietnam", "Cambodia", "Laos", "Thailand", "China"],
        "authors": ["priya-raman"],
        "picture": "mekong-barges",
        "days_ago": 13,
        "body": [
            p(
                "Every security conference on Southeast Asia has a panel on the South China Sea, and almost "
                "none has one on the Mekong, though the river arguably matters more to more people. Dams on "
                "its upper reaches now decide when the floods come to Cambodia's great lake and how much "
                "sediment reaches the rice fields of Vietnam's delta."
            ),
            p(
                "Downstream governments have little leverage and less data. Sharing dam release schedules "
                "in real time would cost upstream operators almost nothing and spare farmers and fishers "
                "enormous losses."
            ),
            p(
                "Outside partners who want influence in mainland Southeast Asia could do worse than fund "
                "the monitoring stations and the river commission that would make such sharing routine."
            ),
        ],
    },
    {
        "slug": "lithium-diplomacy-stalls-andes",
        "title": "Why Washington's lithium diplomacy keeps stalling in the Andes",
        "dek": "Governments that own the brine want refineries at home, not another extraction deal.",
        "kind": "analysis",
        "region": "americas",
        "countries": ["Chile", "Bolivia", "Argentina", "United States"],
        "authors": ["tomas-aguirre"],
        "picture": "andes-salt-flat",
        "days_ago": 9,
        "body": [
            p(
                "Beneath the salt flats where Chile, Argentina and Bolivia meet lies more than half of the "
                "world's known lithium, and every large economy wants a share of it. American officials have "
                "offered partnerships, financing and trade preferences, yet the deals that emerge keep "
                "going to companies from elsewhere or not happening at all."
            ),
            p(
                "The sticking point is value. Andean governments remember earlier booms that left them with "
                "holes in the ground and little else, and they now insist on processing, battery "
                "manufacturing or at least a stake in the profits."
            ),
            p(
                "Offers that treat the region as a quarry will keep failing. Offers that bring refining and "
                "skills might not, and they would also make supply chains less concentrated, which is what "
                "Washington says it wants."
            ),
        ],
    },
    {
        "slug": "panama-canal-drought-climate-geopolitics",
        "title": "Panama's canal drought is a climate story and a geopolitics story",
        "dek": "Water for ships competes with water for people, and the world's trade waits on the rain.",
        "kind": "reporting",
        "region": "americas",
        "countries": ["Panama", "United States", "China"],
        "authors": ["tomas-aguirre"],
        "picture": "canal-locks",
        "days_ago": 15,
        "body": [
            p(
                "Each ship that passes through the Panama Canal's older locks uses about as much fresh water "
                "as half a million people drink in a day, drawn from a lake that is also the main water "
                "supply for the capital. When the rains failed two years ago, the canal authority cut "
                "transits sharply, and queues of ships stretched out into both oceans."
            ),
            p(
                "The rains have since returned, but the authority is pressing ahead with a new reservoir "
                "that would flood farming communities, a plan that has drawn protests from the villages "
                "affected."
            ),
            p(
                "Shipping lines are meanwhile testing alternatives, from rail links across Mexico to longer "
                "routes by sea, and the great powers are watching who builds them."
            ),
        ],
    },
    {
        "slug": "sanctions-fatigue-fewer-sharper-measures",
        "title": "Sanctions fatigue is real. The answer is fewer, sharper measures",
        "dek": "Thousands of listings have taught targets how to evade them. Enforcement deserves the budget.",
        "kind": "opinion",
        "region": "global",
        "countries": ["Russia", "Iran", "United States"],
        "authors": ["maren-holt", "tomas-aguirre"],
        "picture": "sanctions-ledger",
        "days_ago": 10,
        "body": [
            p(
                "Western governments have added names to sanctions lists faster than at any time in "
                "history, and the lists have never mattered less. Each new package is announced with "
                "fanfare, while the enforcement teams that would make it bite remain small, underfunded "
                "and outnumbered by the lawyers and traders who earn their living routing around them."
            ),
            p(
                "A smaller number of measures, aimed at the chokepoints that are hardest to replace and "
                "backed by prosecutions of those who break them, would do more than another hundred "
                "listings."
            ),
            p(
                "It would also be easier to explain to the public, which is starting to ask what all the lists achieved."
            ),
        ],
    },
    {
        "slug": "arms-control-dying-by-neglect",
        "title": "Arms control is dying by neglect, not by design",
        "dek": "The treaties expired quietly because nobody was assigned to save them.",
        "kind": "analysis",
        "region": "global",
        "countries": ["United States", "Russia", "China"],
        "authors": ["maren-holt"],
        "picture": "missile-silo-field",
        "days_ago": 18,
        "body": [
            p(
                "The last agreement limiting the world's two largest nuclear arsenals lapsed without a "
                "replacement, and the event passed with remarkably little comment. No government announced "
                "a new arms race; none needed to. The expertise, the inspection habits and the hotlines that "
                "kept the old system working have been allowed to wither for years."
            ),
            p(
                "Reviving arms control will not start with a grand treaty. It will start with data "
                "exchanges, notifications of missile tests and talks among technical staff, which cost "
                "little and rebuild the habits that bigger agreements depend on."
            ),
            p(
                "The alternative is a world of three nuclear powers guessing at each other's plans, which "
                "is how every serious nuclear crisis of the last century began."
            ),
        ],
    },
    {
        "slug": "grain-corridors-fail-importers",
        "title": "Why grain corridors keep failing the countries that import the most",
        "dek": "Deals that reopen sea lanes bring prices down in Europe first; the poorest buyers wait.",
        "kind": "analysis",
        "region": "africa",
        "countries": ["Egypt", "Kenya", "Sudan", "Ukraine"],
        "authors": ["kwame-mensah"],
        "picture": "grain-ship",
        "days_ago": 2.5,
        "access": "members",
        "body": [
            p(
                "Every time a blockade lifts, the headline number is the tonnage that sails. The figure that "
                "matters to a bakery in Khartoum or a feed mill outside Nairobi is a different one: how many "
                "weeks pass before the ship reaches a port they can afford to use."
            ),
            ("members_break", None),
            p(
                "Traders route the first cargoes to the buyers who pay on delivery and whose harbours can take "
                "the largest ships. Importers that rely on credit lines, smaller vessels or transshipment in "
                "a third port join the queue last, after the price has already fallen elsewhere."
            ),
            p(
                "Insurance widens the gap. Underwriters price each new corridor as a war zone for months, and "
                "the premium is charged per voyage, so a buyer taking small loads pays it many times over."
            ),
            p(
                "The fix most often proposed, a public fund that guarantees payment for the poorest importers, "
                "has been agreed twice and financed neither time. Until it is, corridors will keep feeding the "
                "markets that needed them least."
            ),
        ],
    },
    {
        "slug": "shadow-fleets-price-sanctions-risk",
        "title": "The hidden ledger: how shadow fleets price the risk of sanctions",
        "dek": "Old tankers, new owners and a spread of a few dollars a barrel tell enforcers where to look.",
        "kind": "analysis",
        "region": "global",
        "countries": ["India", "Turkey", "United Arab Emirates"],
        "authors": ["priya-raman"],
        "picture": "tanker-at-anchor",
        "days_ago": 4.5,
        "access": "paid",
        "tiers": ["supporter"],
        "body": [
            p(
                "A sanctioned cargo does not sail at the official price. Somewhere between the loading port "
                "and the buyer, a discount opens up, and its size is a running estimate of how likely the "
                "ship is to be caught."
            ),
            ("members_break", None),
            p(
                "Brokers quote that discount openly. When enforcement tightens, it widens within days; when "
                "enforcers look away, it shrinks back towards the cost of the longer voyage and the older "
                "ship. Read week by week, it is a better gauge of pressure than any statement from a ministry."
            ),
            p(
                "The fleet that carries these cargoes has a shape of its own: tankers past twenty years of "
                "age, registered to companies formed in the last eighteen months, insured by firms with no "
                "claims history. Each of those traits can be searched in public registers."
            ),
            p(
                "Enforcers who follow the spread instead of the ships would know which routes to watch next "
                "month, not which ones were used last year."
            ),
        ],
    },
]

# The donation box on the front page: its heading and its line.
SUPPORT_BOX = (
    "Keep this magazine independent",
    "No owner and no advertisers: our readers pay for our reporting. A gift of any size helps.",
)

# Membership: the tiers a reader may join (prices in cents).
TIERS = [
    {
        "slug": "free",
        "name": "Free",
        "benefits": "Members-only analysis\nThe weekly newsletter",
        "monthly": 0,
        "yearly": 0,
    },
    {
        "slug": "supporter",
        "name": "Supporter",
        "benefits": "Everything free members get\nEvery paid analysis in full\nOur thanks, and an independent magazine",
        "monthly": 600,
        "yearly": 6000,
    },
]

BRIEFS = [
    {
        "slug": "baltic-communique-left-out",
        "title": "What the Baltic ministers left out of their communiqué",
        "author": "maren-holt",
        "days_ago": 0.4,
        "body": "<p>The statement after this week's meeting promises closer coordination on seabed security. "
        "It says nothing about who may board a suspect ship, which is the only question that matters.</p>",
    },
    {
        "slug": "three-numbers-red-sea-detours",
        "title": "Three numbers behind the Red Sea detours",
        "author": "leila-haddad",
        "days_ago": 1.2,
        "body": "<p>Ten extra days at sea, roughly a million dollars of extra fuel per large voyage, and war-risk "
        "premiums still several times their old level. Together they explain why so few lines have come back.</p>",
    },
    {
        "slug": "quiet-win-continental-free-trade",
        "title": "A quiet win for the continental free trade area",
        "author": "kwame-mensah",
        "days_ago": 3.5,
        "body": "<p>Customs officers on two busy borders now accept the same digital certificate of origin. "
        "It will not make headlines, but it is how trade agreements actually start to work.</p>",
    },
    {
        "slug": "philippine-coast-guard-deal-matters",
        "title": "Why the Philippine coast guard deal matters more than it looks",
        "author": "priya-raman",
        "days_ago": 2.7,
        "body": "<p>Coast guards are where the daily confrontations at sea happen. Letting Japanese cutters "
        "train from Philippine ports puts more civilian ships, not warships, where the pressure is.</p>",
    },
    {
        "slug": "canal-water-levels-caveats",
        "title": "Canal water levels: the week's good news, with caveats",
        "author": "tomas-aguirre",
        "days_ago": 5.5,
        "body": "<p>The canal's main lake is close to its seasonal normal. One wet year does not make a "
        "reliable route, and shippers know it.</p>",
    },
    {
        "slug": "sanctions-list-nobody-reads",
        "title": "The sanctions list nobody reads",
        "author": "maren-holt",
        "days_ago": 7.5,
        "body": "<p>The newest package runs to more than two hundred pages. The enforcement unit that must "
        "apply it has, by the government's own figures, fewer staff than the list has pages.</p>",
    },
    {
        "slug": "arctic-council-silence",
        "title": "Reading the silence from the Arctic Council",
        "author": "priya-raman",
        "days_ago": 9.5,
        "body": "<p>No joint statement for a second year running. Scientific working groups still meet, "
        "which is the thread worth protecting until politics allows more.</p>",
    },
]

SETTINGS = {
    "publication_name": "The Meridian Review",
    "tagline": "Independent analysis of foreign policy and the world",
    "newsletter_blurb": "The Weekly Round-up: our staff's best analysis from every region, in your inbox on Fridays.",
    "footer": "<p>The Meridian Review is masthead's demo magazine. Every article, person and picture on this "
    "site is invented for the demonstration.</p>",
    "social_links": [
        ("bluesky", "https://bsky.app/profile/meridian.example.org"),
        ("mastodon", "https://mastodon.example.org/@meridian"),
        ("linkedin", "https://www.linkedin.com/company/meridian-review-demo"),
        ("rss", "/feeds/rss/"),  # the site's own feed: made absolute on loading
    ],
}


NEWSLETTERS = [
    {
        "slug": "weekly-round-up",
        "name": "The Weekly Round-up",
        "description": "Every Friday: the week's analysis from every region, with a few words from the editors.",
        "default": True,
        "sort_order": 0,
    },
    {
        "slug": "africa-alert",
        "name": "Africa Alert",
        "description": "Our Africa desk's new pieces, the week they appear.",
        "region": "africa",
        "sort_order": 1,
    },
]

DEMO_SUBSCRIBERS = ["ada.reader@example.org", "bruno.reader@example.org", "chen.reader@example.org"]

EDITION_INTRO = (
    "Welcome to this week's round-up: undersea cables in the Baltic, and what our "
    "correspondents saw in every other region.\n\n"
    "As always, reply to this mail to tell us what we missed."
)

# Topics readers may follow, by article.
TOPICS = {
    "baltic-cable-cuts-test-europe-keeps-failing": ["Undersea infrastructure", "Maritime security"],
    "nordic-ministers-pool-seabed-surveillance": ["Undersea infrastructure", "Maritime security"],
    "red-sea-insurance-rewriting-trade-routes": ["Shipping", "Maritime security"],
    "manila-tokyo-coast-guard-access-deal": ["Maritime security"],
    "panama-canal-drought-climate-geopolitics": ["Shipping", "Water"],
    "basra-water-crisis-outpaces-politics": ["Water"],
    "mekong-not-a-sideshow": ["Water"],
    "sanctions-fatigue-fewer-sharper-measures": ["Sanctions"],
    "lithium-diplomacy-stalls-andes": ["Critical minerals"],
    "sahel-juntas-sovereignty-supply-chain": ["Critical minerals"],
}

# The front page's editors' picks: older pieces worth reading again.
PICKS = [
    ("arms-control-dying-by-neglect", "The treaties are still lapsing one by one."),
    ("mekong-not-a-sideshow", "The dams have only grown since."),
]

# The standard pages, linked from the footer (all invented for the demo).
STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "intro": "A small magazine of analysis on foreign policy, written by specialists for readers who want the argument, not only the news.",
        "body": [
            "The Meridian Review publishes analysis, reporting and short commentary on how states deal with one another: "
            "alliances, trade routes, borders, water and the sea. Our writers are researchers, former officials and "
            "correspondents who know their region from the inside.",
            "We publish a few pieces a week rather than many a day. Each is edited by two people, checked against its "
            "sources and given a standfirst that says plainly what it argues.",
            "We are independent: no government, party or company funds or reviews what we publish.",
        ],
    },
    {
        "slug": "masthead",
        "title": "Masthead",
        "intro": "The people who write and edit the magazine.",
        "body": [
            "Every piece names its authors, and every author has a page listing their work. Editors are responsible "
            "for what they approve; write to the editor of a region about anything we published on it."
        ],
        "list_staff": True,
    },
    {
        "slug": "contact",
        "title": "Contact",
        "intro": "How to reach the editors, report an error or ask about republishing.",
        "body": [
            "For the editors: editors@meridian.example.org. For corrections: corrections@meridian.example.org, with "
            "the address of the piece and what you believe is wrong.",
            "We read everything and answer what we can. We do not take story pitches by telephone.",
        ],
    },
    {
        "slug": "submissions",
        "title": "Submissions",
        "intro": "We welcome proposals from researchers, practitioners and journalists.",
        "body": [
            "Send a proposal of no more than 300 words: the argument in two sentences, why it matters now, and what "
            "you know that others do not. Attach two pieces of your published work.",
            "Analysis pieces run from 1,200 to 2,500 words. We pay on publication and edit every piece with its author; "
            "nothing is published without the author's approval of the final text.",
        ],
    },
    {
        "slug": "corrections",
        "title": "Corrections policy",
        "intro": "When we get something wrong, we say so on the piece itself.",
        "body": [
            "A correction is added at the foot of the article, dated, saying what was wrong and what is right. We do "
            "not silently change facts; small fixes of spelling and style are not noted.",
            "An article that carries a correction shows the date it was last updated at the top.",
        ],
    },
    {
        "slug": "republishing",
        "title": "Republishing",
        "intro": "Other publications may republish our analysis with permission.",
        "body": [
            "Ask the editors before republishing a piece. Republished pieces must run in full, credit the author and "
            "The Meridian Review, and link to the original. Pictures are licensed separately and may not be reused."
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "intro": "What we know about our readers, and what we do with it.",
        "counting_notice": True,
        "body": [
            "Reading the site sets no cookie and loads nothing from other companies: no advertising, no tracking "
            "scripts, no embedded players until you follow a link. Signing in as a member sets two cookies, which "
            "keep you signed in and tell our pages which pieces you may read; signing out deletes them.",
            "If you subscribe to a newsletter we keep your address, the newsletters you chose and when you confirmed, "
            "and we use them only to send those newsletters. Every mail has a link to change or end your subscription, "
            "which deletes your address from our lists.",
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "intro": "The rules for using this site.",
        "body": [
            "The articles on this site are the property of their authors and The Meridian Review. You may quote short "
            "passages with a link to the source; for anything more, see Republishing.",
            "We take care that what we publish is accurate but give no guarantee, and we are not responsible for the "
            "sites we link to.",
        ],
    },
]
