"""The five planted emerging topics: what Horizon must find, early.

Each has its own technology vocabulary, clearly apart from the background topics, so that a topic
model can separate it once a handful of documents exist. Four sit at the interface of two
industries; their ``regions`` are the partner regions with a location quotient of at least 1.2 in
*both* divisions, so an overlap stage should report them as cross-links there:

- collaborative robots in food processing: C10 food × C28 machinery → AT12 (LQ 1.27 / 1.32),
  HU22 (1.25 / 1.45), DK03 (1.79 / 2.79);
- traceability of recycled plastics in packaging: C22 plastics × C17 paper → CZ08 (1.31 / 1.34),
  DE12 (1.72 / 1.69);
- textile biosensors for wound care: C13 textiles × C21 pharma → FR71 (1.57 / 4.57),
  BE2 (2.06 / 1.92), RO21 (3.58 / 1.48);
- solid-state batteries for electric vehicles: C27 electrical equipment × C29 motor vehicles →
  HU22 (1.66 / 6.30), CZ08 (2.42 / 2.92), DE12 (3.52 / 2.68).

Figures: Eurostat SBS 2015 location quotients from
``shared/data/regions/partner_regions_sbs2015_employment_by_nace.csv``
(``lq_vs_all_countries_in_file``). Onsets are spread over weeks 16–40; some topics show up in
publications first and reach patents and news weeks later. Organisations are fictional.
"""

from __future__ import annotations

from democorpus.spec import Cpc, TopicSpec, orgs, vocab

COBOTS = TopicSpec(
    slug="cobots-food-processing",
    name="Collaborative robots in food processing",
    dynamics="emerging",
    vocab=vocab(
        devices="collaborative robot; soft robotic gripper; force-torque sensor; "
        "robotic deboning cell",
        techniques="hand-guided teaching; vision-guided picking",
        components="gripper finger; vacuum suction cup; safety-rated controller; 3D camera; "
        "wrist flange; washdown cover; tool changer plate; speed and separation monitor",
        objects="poultry fillets; meat portions; chicken breasts; fish fillets; pork loins",
        settings="meat processing lines; poultry plants; fish processing halls; "
        "food packing stations",
        processes="deboning poultry carcasses; portioning meat cuts; "
        "picking irregular food items; loading trays at the end of the line",
        benefits="reduce manual handling of raw meat; share work safely with line operators; "
        "keep hygiene zones separate; fill labour gaps on night shifts; "
        "adapt quickly to new product formats",
        properties="picking rate; grip force; cutting yield; changeover time; contact force",
        related="human-robot collaboration; hygienic design; machine vision; robot safety",
        materials="food-grade silicone; stainless steel; FDA-compliant polyurethane",
        challenges="food products differ in size, shape and stiffness from one piece to the next; "
        "conventional industrial robots need fences that do not fit crowded food lines; "
        "washdown conditions are hard on sensors and drives",
        actors="meat processor; food machinery maker; poultry producer",
    ),
    orgs=orgs(
        "Fynbo Robotics A/S | DK | Odense; Tullnerfeld Foodtech GmbH | AT | Tulln; "
        "Pannon Robotika Kft. | HU | Győr; Kolding Meat Automation ApS | DK | Kolding; "
        "Marchfeld Lebensmitteltechnik GmbH | AT | Wolkersdorf"
    ),
    cpc=(
        Cpc("B25J 9/16", "Programme controls for manipulators"),
        Cpc("B25J 15/00", "Gripping heads of manipulators"),
        Cpc("B25J 19/02", "Sensing devices fitted to manipulators"),
        Cpc("A22C 21/00", "Processing poultry"),
        Cpc("A22C 17/00", "Other devices for processing meat or bones"),
    ),
    arxiv_categories=("cs.RO", "eess.SY"),
    industries=("C10", "C28"),
    regions=("AT12", "HU22", "DK03"),
    kind_mix=(0.35, 0.40, 0.25),
    onset={"publication": 16, "patent": 19, "news": 21},
    growth_weeks=12,
    peak_share=0.045,
)

TRACEABILITY = TopicSpec(
    slug="recycled-plastics-traceability",
    name="Traceability of recycled plastics in packaging",
    dynamics="emerging",
    vocab=vocab(
        devices="digital product passport; fluorescent tracer; digital watermark; "
        "recycled content tracker",
        techniques="mass balance certification; recycled content verification",
        components="tracer dosing unit; watermark reader; batch identifier; data carrier; "
        "handheld spectrometer; printed label code; verification server; marker masterbatch",
        objects="recycled polymer batches; packaging films; food-contact trays; "
        "beverage bottles; carton laminates",
        settings="packaging converting plants; recyclate supply chains; brand owner audits; "
        "deposit return systems",
        processes="tracking recyclate through the packaging supply chain; "
        "verifying the recycled share of a package; tagging polymer batches; "
        "auditing recycled content claims",
        benefits="prove recycled content claims; meet the EU packaging regulation; "
        "separate food-grade recyclate; prevent fraud with virgin material; "
        "share material data along the value chain",
        properties="recycled content share; tracer concentration; detection rate; "
        "data completeness; audit cost",
        related="chain of custody; packaging regulation; polymer identification; supply chain data",
        materials="rare-earth tracer; recycled polypropylene; recycled PET; lanthanide marker",
        challenges="buyers cannot check whether a package really contains the recycled share "
        "that is claimed; paper certificates are easy to forge; "
        "recyclate changes hands many times before it reaches a packaging line",
        actors="packaging converter; recyclate supplier; brand owner",
    ),
    orgs=orgs(
        "TraceLoop Materials s.r.o. | CZ | Ostrava; Polymer Passport GmbH | DE | Karlsruhe; "
        "Slezské Obalové Technologie a.s. | CZ | Opava; "
        "Hardt Rezyklat Analytik GmbH | DE | Ettlingen; Beskyd Pack Data s.r.o. | CZ | Třinec"
    ),
    cpc=(
        Cpc("G06Q 10/08", "Logistics, e.g. tracking of goods through a supply chain"),
        Cpc("G01N 21/64", "Investigating materials by fluorescence or phosphorescence"),
        Cpc("G06K 19/06", "Record carriers characterised by the kind of digital marking"),
        Cpc("C08K 5/00", "Use of organic ingredients in polymer compositions"),
    ),
    arxiv_categories=("cs.DB", "physics.chem-ph"),
    industries=("C22", "C17"),
    related_industries=("E38",),  # waste treatment and materials recovery make the recyclate
    regions=("CZ08", "DE12"),
    kind_mix=(0.35, 0.30, 0.35),
    onset={"patent": 22, "publication": 22, "news": 25},
    growth_weeks=12,
    peak_share=0.045,
)

BIOSENSORS = TopicSpec(
    slug="textile-biosensors",
    name="Textile biosensors for wound and health monitoring",
    dynamics="emerging",
    vocab=vocab(
        devices="textile biosensor; smart wound dressing; sweat sensor patch; "
        "conductive yarn electrode",
        techniques="printed electrochemical sensing; continuous wound monitoring",
        components="screen-printed electrode; hydrogel layer; flexible readout circuit; "
        "moisture-wicking layer; silver-coated thread; skin-safe adhesive; pH indicator dye; "
        "wireless transponder",
        objects="chronic wounds; diabetic foot ulcers; sweat samples; compression bandages; "
        "patient garments",
        settings="hospital wards; home care services; wound care clinics; rehabilitation centres",
        processes="measuring wound pH; detecting infection markers; monitoring sweat glucose; "
        "weaving sensing fibres into bandages",
        benefits="detect wound infection early; avoid unnecessary dressing changes; "
        "release antimicrobial agents on demand; monitor patients at home; reduce nursing time",
        properties="sensor sensitivity; wash durability; signal drift; skin compatibility; "
        "detection limit",
        related="wearable diagnostics; electrochemical sensing; medical textiles; "
        "drug-eluting fibres",
        materials="silver nanowire ink; alginate hydrogel; conductive polymer coating; "
        "medical-grade polyurethane",
        challenges="nurses can only judge healing when a dressing is removed; "
        "rigid electronics do not follow the skin; "
        "sensors must survive sterilisation and repeated washing",
        actors="medical textile maker; wound care company; pharmaceutical group",
    ),
    orgs=orgs(
        "Textiles Santé Rhône SAS | FR | Lyon; Gentse Medische Textiel NV | BE | Ghent; "
        "BioFir Iași S.R.L. | RO | Iași; Vienne Biocapteurs SAS | FR | Vienne; "
        "Leuven Wearable Diagnostics BV | BE | Leuven"
    ),
    cpc=(
        Cpc("A61B 5/00", "Measuring for diagnostic purposes"),
        Cpc("A61F 13/00", "Bandages or dressings; absorbent pads"),
        Cpc("D02G 3/44", "Yarns or threads characterised by their intended purpose"),
        Cpc("D03D 1/00", "Woven fabrics designed to make specified articles"),
    ),
    arxiv_categories=("physics.med-ph", "eess.SP"),
    industries=("C13", "C21"),
    regions=("FR71", "BE2", "RO21"),
    kind_mix=(0.30, 0.45, 0.25),
    onset={"publication": 28, "patent": 31, "news": 33},
    growth_weeks=12,
    peak_share=0.04,
)

SOLID_STATE = TopicSpec(
    slug="solid-state-batteries",
    name="Solid-state batteries for electric vehicles",
    dynamics="emerging",
    vocab=vocab(
        devices="solid-state battery; lithium metal anode; sulfide solid electrolyte; "
        "battery cell stack",
        techniques="dry electrode coating; anode-free cell design",
        components="separator layer; cathode composite; current collector; pouch housing; "
        "pressure plate; cell tab; battery management unit; cooling plate",
        objects="pouch cells; battery modules; electric vehicles; cathode sheets; test cells",
        settings="battery gigafactories; pilot cell lines; electric vehicle platforms; "
        "battery test laboratories",
        processes="stacking solid-state cells; sintering oxide electrolytes; "
        "charging at high currents; calendering cathode composites",
        benefits="increase driving range; suppress dendrite growth; allow fast charging; "
        "remove flammable liquid electrolytes; raise energy density",
        properties="energy density; ionic conductivity; interfacial resistance; cycle life; "
        "stack pressure",
        related="lithium-ion chemistry; battery safety; electrochemical impedance; "
        "cell manufacturing",
        materials="lithium argyrodite; lithium lanthanum zirconium oxide; "
        "nickel-rich cathode material; lithium metal foil",
        challenges="dendrites can still penetrate the electrolyte at high charging rates; "
        "solid interfaces lose contact as the electrodes expand and shrink; "
        "manufacturing at scale remains unproven",
        actors="battery maker; carmaker; automotive supplier",
    ),
    orgs=orgs(
        "Győr Cell Technologies Kft. | HU | Győr; Moravian Battery Works a.s. | CZ | Ostrava; "
        "Karlsruher Festkörperzellen GmbH | DE | Karlsruhe; "
        "Hanseong Energy Materials Co., Ltd. | KR | Daejeon; "
        "Mosonmagyaróvár Akkumulátor Zrt. | HU | Mosonmagyaróvár"
    ),
    cpc=(
        Cpc("H01M 10/0562", "Solid materials as electrolytes of secondary cells"),
        Cpc("H01M 10/052", "Li-accumulators"),
        Cpc("H01M 4/134", "Electrodes based on metals, Si or alloys"),
        Cpc("B60L 50/64", "Constructional details of batteries for electric vehicles"),
    ),
    arxiv_categories=("cond-mat.mtrl-sci", "physics.chem-ph"),
    industries=("C27", "C29"),
    regions=("HU22", "CZ08", "DE12"),
    kind_mix=(0.40, 0.35, 0.25),
    onset={"patent": 34, "publication": 34, "news": 36},
    growth_weeks=12,
    peak_share=0.045,
)

HYDROGEN_STEEL = TopicSpec(
    slug="hydrogen-steelmaking",
    name="Hydrogen direct reduction for green steel",
    dynamics="emerging",
    vocab=vocab(
        devices="hydrogen shaft furnace; alkaline electrolyser; electric arc furnace; "
        "direct reduction plant",
        techniques="hydrogen direct reduction; green steel production",
        components="reduction shaft; gas preheater; electrolyser stack; hydrogen compressor; "
        "pellet feed system; off-gas scrubber; briquetting press; oxygen separator",
        objects="iron ore pellets; direct reduced iron; hot briquetted iron; green steel coils; "
        "hydrogen deliveries",
        settings="steel plants in transition; hydrogen valleys; direct reduction pilot plants; "
        "industrial clusters",
        processes="reducing iron ore pellets with hydrogen; melting direct reduced iron; "
        "supplying renewable hydrogen; replacing coking coal",
        benefits="cut carbon dioxide emissions; replace coking coal; use surplus renewable power; "
        "lower the carbon footprint of steel; secure low-carbon steel supplies",
        properties="metallisation degree; hydrogen consumption; carbon intensity; "
        "electrolyser efficiency; reduction rate",
        related="renewable hydrogen; carbon pricing; ironmaking chemistry; power-to-gas",
        materials="direct-reduction grade pellets; renewable hydrogen; biochar; scrap steel",
        challenges="steelmaking is one of the largest industrial sources of carbon dioxide; "
        "renewable hydrogen is still scarce and expensive; "
        "ore pellets of direct-reduction grade are in short supply",
        actors="steelmaker; hydrogen developer; energy utility",
    ),
    orgs=orgs(
        "Odra Green Steel a.s. | CZ | Ostrava; Ybbstal Wasserstoff GmbH | AT | Amstetten; "
        "Forez Acier Décarboné SAS | FR | Saint-Étienne; Gentse Groene Staal NV | BE | Ghent; "
        "Donau H2 Stahl GmbH | AT | Linz"
    ),
    cpc=(
        Cpc("C21B 13/02", "Making spongy iron by direct processes in shaft furnaces"),
        Cpc("C21B 13/00", "Making spongy iron or liquid steel by direct processes"),
        Cpc("C25B 1/04", "Production of hydrogen by electrolysis of water"),
        Cpc("C21C 5/52", "Manufacture of steel in electric furnaces"),
    ),
    arxiv_categories=("physics.chem-ph", "cond-mat.mtrl-sci"),
    industries=("C24",),
    regions=("AT12", "CZ08", "FR71", "FR72", "BE2"),
    kind_mix=(0.30, 0.30, 0.40),
    onset={"news": 40, "publication": 40, "patent": 43},
    growth_weeks=12,
    peak_share=0.04,
)

EMERGING_TOPICS: tuple[TopicSpec, ...] = (
    COBOTS,
    TRACEABILITY,
    BIOSENSORS,
    SOLID_STATE,
    HYDROGEN_STEEL,
)
