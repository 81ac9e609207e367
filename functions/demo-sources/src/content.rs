//! What the website's forms hold: Body Type Quiz results, Health Evaluation Quiz results and
//! FAQ questions, varied but realistic.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, index};
use serde::Serialize;

use crate::catalog::{self, Product};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Detail {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Answer {
    pub question: &'static str,
    pub answer: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BodyType {
    pub name: &'static str,
    pub video_url: String,
}

/// A `body-type-quiz` record's own fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BodyTypeQuiz {
    pub result: BodyType,
    pub answers: Vec<Answer>,
    pub details: Vec<Detail>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Rating {
    pub aspect: &'static str,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ProductLink {
    pub sku: &'static str,
    pub name: &'static str,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Symptom {
    pub name: &'static str,
    pub explanation: &'static str,
    pub cause: &'static str,
    pub product: ProductLink,
}

/// A `health-evaluation-quiz` record's own fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HealthQuiz {
    pub details: Vec<Detail>,
    pub ratings: Vec<Rating>,
    pub disclaimer: &'static str,
    pub symptoms: Vec<Symptom>,
}

const BODY_TYPES: [&str; 4] = ["Adrenal", "Thyroid", "Ovary", "Liver"];

/// A question and its answers, one typical of each body type in `BODY_TYPES` order.
const QUESTIONS: &[(&str, [&str; 4])] = &[
    (
        "Where do you gain weight first?",
        [
            "Around the belly",
            "All over, evenly",
            "Hips and thighs",
            "A pot belly, with thin arms and legs",
        ],
    ),
    (
        "How is your energy during the day?",
        [
            "Wired at night, tired in the morning",
            "Low all day long",
            "It dips before my period",
            "Sluggish after meals",
        ],
    ),
    (
        "How do you sleep?",
        [
            "I wake up around 3 a.m. and cannot fall back asleep",
            "I sleep long but wake up tired",
            "Restless in the second half of my cycle",
            "I wake up hot in the night",
        ],
    ),
    (
        "What do you crave most?",
        [
            "Salty snacks",
            "Bread and pasta",
            "Sweets and dairy",
            "Fried or fatty food",
        ],
    ),
    (
        "How does stress show up for you?",
        [
            "Tension in my back and stomach",
            "I feel exhausted",
            "I get moody and teary",
            "I get irritable",
        ],
    ),
    (
        "How is your digestion?",
        [
            "Fine unless I'm stressed",
            "Slow, I'm often constipated",
            "Bloated at certain times of the month",
            "Bloated after fatty meals",
        ],
    ),
    (
        "How are your hands and feet?",
        ["Normal", "Often cold", "Sometimes puffy", "Often warm"],
    ),
    (
        "How would you describe your skin?",
        [
            "Normal, sometimes thin",
            "Dry",
            "Breakouts around the chin",
            "Itchy at times",
        ],
    ),
    (
        "How often do you exercise?",
        [
            "Hard workouts almost every day",
            "Rarely, I'm too tired",
            "Two or three times a week",
            "Once a week or less",
        ],
    ),
    (
        "How much coffee do you drink?",
        [
            "Three cups or more, I need it",
            "Two cups to get going",
            "One cup",
            "Coffee upsets my stomach",
        ],
    ),
    (
        "How is your mood in the afternoon?",
        ["Anxious", "Flat", "Up and down", "Short-tempered"],
    ),
    (
        "How is your hair?",
        [
            "Normal",
            "Thinning, with a thin outer eyebrow",
            "Thicker on the face than I'd like",
            "Normal",
        ],
    ),
];

/// A Body Type Quiz result; its explanation video is a page of the demo shop at `shop_url`.
pub(crate) fn body_type_quiz(rng: &mut StdRng, shop_url: &str) -> BodyTypeQuiz {
    let kind = rng.random_range(0..BODY_TYPES.len());
    let name = BODY_TYPES[kind];
    let count = rng.random_range(6..=10).min(QUESTIONS.len());
    let mut picked = index::sample(rng, QUESTIONS.len(), count).into_vec();
    picked.sort_unstable();
    let answers = picked
        .into_iter()
        .filter_map(|i| QUESTIONS.get(i))
        .map(|(question, options)| {
            // Most answers point at the result; the rest are spread.
            let option = if rng.random_bool(0.65) {
                kind
            } else {
                rng.random_range(0..options.len())
            };
            Answer {
                question,
                answer: options[option],
            }
        })
        .collect();
    BodyTypeQuiz {
        result: BodyType {
            name,
            video_url: format!("{shop_url}/videos/{}-body-type", name.to_ascii_lowercase()),
        },
        answers,
        details: details(rng, kind == 2),
    }
}

/// Age, gender, height and weight goal, as the quiz asks them.
fn details(rng: &mut StdRng, female: bool) -> Vec<Detail> {
    let gender = if female || rng.random_bool(0.72) {
        "Female"
    } else if rng.random_bool(0.9) {
        "Male"
    } else {
        "Prefer not to say"
    };
    let inches = if gender == "Male" {
        rng.random_range(65..=75)
    } else {
        rng.random_range(60..=70)
    };
    let height = if rng.random_bool(0.8) {
        format!("{} ft {} in", inches / 12, inches % 12)
    } else {
        format!("{} cm", (f64::from(inches) * 2.54).round())
    };
    let goal = match rng.random_range(0..6) {
        0 => "Maintain my weight".to_string(),
        1 => "Gain muscle".to_string(),
        _ => format!("Lose {} lb", rng.random_range(2..=12) * 5),
    };
    vec![
        Detail {
            label: "Age",
            value: rng.random_range(24..=72).to_string(),
        },
        Detail {
            label: "Gender",
            value: gender.into(),
        },
        Detail {
            label: "Height",
            value: height,
        },
        Detail {
            label: "Weight goal",
            value: goal,
        },
    ]
}

const ASPECTS: [&str; 6] = ["Sleep", "Energy", "Digestion", "Stress", "Mood", "Weight"];

const DISCLAIMER: &str = "This evaluation is not medical advice and does not replace a visit \
to your doctor; talk to a qualified health professional before changing your diet or starting \
a supplement.";

/// A symptom the quiz explains, with the product it suggests.
const SYMPTOMS: &[(&str, &str, &str, &Product)] = &[
    (
        "Trouble sleeping",
        "Falling asleep late or waking in the night leaves the body too little time to repair.",
        "Cortisol that stays high into the evening, often from long-term stress.",
        &catalog::SLEEP_AID,
    ),
    (
        "Afternoon energy crash",
        "A slump a few hours after lunch usually follows a quick rise and fall of blood sugar.",
        "Meals high in refined carbohydrates and too little protein.",
        &catalog::B_COMPLEX,
    ),
    (
        "Bloating after meals",
        "Food that is not broken down well ferments in the gut and causes gas and pressure.",
        "Low stomach acid or too few digestive enzymes.",
        &catalog::ENZYMES,
    ),
    (
        "Sugar cravings",
        "Craving sweets between meals is the body asking for quick fuel it cannot reach.",
        "Insulin resistance, which keeps stored fat out of reach.",
        &catalog::BLOOD_SUGAR,
    ),
    (
        "Feeling stressed or anxious",
        "Feeling on edge most of the day keeps the body in fight-or-flight mode.",
        "Long-term stress that keeps the adrenal glands working overtime.",
        &catalog::ADRENAL,
    ),
    (
        "Cold hands and feet",
        "A slower metabolism makes less heat, and the hands and feet feel it first.",
        "A sluggish thyroid, often with too little iodine or selenium.",
        &catalog::IODINE,
    ),
    (
        "Stiff joints in the morning",
        "Stiffness that eases after moving around is a common sign of inflammation.",
        "Inflammation from diet, excess weight or too little movement.",
        &catalog::TURMERIC,
    ),
    (
        "Thinning hair",
        "Hair is one of the first places the body saves on when nutrients run short.",
        "Too little protein, low iron or a slow thyroid.",
        &catalog::HAIR,
    ),
    (
        "Low mood in winter",
        "Shorter days and less sun affect mood and motivation.",
        "Too little sunlight and a low level of vitamin D.",
        &catalog::VITAMIN_D,
    ),
    (
        "Muscle cramps at night",
        "Cramps in the calves or feet at night are often a sign of a missing mineral.",
        "Low magnesium, common with coffee, stress and sweating.",
        &catalog::MAGNESIUM,
    ),
];

/// A Health Evaluation Quiz result, its products linked to their pages in the shop at
/// `shop_url`.
pub(crate) fn health_quiz(rng: &mut StdRng, shop_url: &str) -> HealthQuiz {
    let ratings = ASPECTS
        .iter()
        .map(|aspect| Rating {
            aspect,
            score: rng.random_range(1..=9),
        })
        .collect();
    let count = rng.random_range(1..=4).min(SYMPTOMS.len());
    let symptoms = index::sample(rng, SYMPTOMS.len(), count)
        .into_iter()
        .filter_map(|i| SYMPTOMS.get(i))
        .map(|(name, explanation, cause, product)| Symptom {
            name,
            explanation,
            cause,
            product: ProductLink {
                sku: product.sku,
                name: product.name,
                url: product.url(shop_url),
            },
        })
        .collect();
    let female = rng.random_bool(0.5);
    HealthQuiz {
        details: details(rng, female),
        ratings,
        disclaimer: DISCLAIMER,
        symptoms,
    }
}

const FAQ_QUESTIONS: &[&str] = &[
    "Can I take vitamin D with coffee?",
    "How long should I fast when I'm just starting intermittent fasting?",
    "Does black coffee break a fast?",
    "Is it safe to take magnesium every night?",
    "Can I eat fruit on a keto diet?",
    "What should I eat to break a 24-hour fast?",
    "Should I take electrolytes while fasting?",
    "Can I take the Adrenal Support Complex with my thyroid medication?",
    "How much vitamin D3 should I take in winter?",
    "Is apple cider vinegar okay if I have acid reflux?",
    "Why am I not losing weight after three weeks of keto?",
    "Can I do intermittent fasting while breastfeeding?",
    "Which vitamins are best taken with food?",
    "Is it normal to get headaches in the first days of fasting?",
    "How many carbs a day counts as low carb?",
    "Can I drink bone broth during a fast?",
    "What is the difference between vitamin K1 and K2?",
    "Do I need to count calories if I eat one meal a day?",
    "Is wheat grass powder safe during pregnancy?",
    "Should I take B vitamins in the morning or at night?",
];

pub(crate) fn faq_question(rng: &mut StdRng) -> &'static str {
    FAQ_QUESTIONS
        .choose(rng)
        .copied()
        .unwrap_or("Can I take vitamin D with coffee?")
}
