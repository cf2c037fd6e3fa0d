"""What the student install still holds of the answer key (issue 10), as found by
coursekit.grading.keyfree: tests/test_student_install.py fails when the audit finds a leak
not listed here, and when one listed here is gone. Written by
`python -m coursekit.grading.keyfree --write tests/known_leaks.py`, never by hand: both lists
only shrink, as the answer key and the hidden cases move to the instructor's install."""

# check -> the definitions of the student install that pass its hidden cases
ANSWERS = {
    "coursekit.checks.activations.leaky_relu": [
        "coursekit.functions.leaky_relu",
    ],
    "coursekit.checks.activations.relu": [
        "coursekit.functions.relu",
    ],
    "coursekit.checks.activations.relu_grad": [
        "coursekit.functions.relu_grad",
        "coursekit.functions.step",
    ],
    "coursekit.checks.activations.sigmoid": [
        "coursekit.functions.sigmoid",
    ],
    "coursekit.checks.activations.sigmoid_grad": [
        "coursekit.functions.sigmoid_grad",
    ],
    "coursekit.checks.activations.softmax": [
        "coursekit.functions.softmax",
    ],
    "coursekit.checks.activations.step": [
        "coursekit.functions.relu_grad",
        "coursekit.functions.step",
    ],
    "coursekit.checks.activations.tanh": [
        "coursekit.functions.tanh",
    ],
    "coursekit.checks.capstone.build_network": [
        "coursekit.checks.capstone.he_params",
    ],
    "coursekit.checks.capstone.predict": [
        "coursekit.checks.capstone.reference_predict",
    ],
    "coursekit.checks.capstone.preprocess": [
        "coursekit.checks.capstone.reference_preprocess",
    ],
    "coursekit.checks.capstone.train": [
        "coursekit.checks.capstone.reference_train",
    ],
    "coursekit.checks.perceptron.OR": [
        "coursekit.functions.leaky_relu_grad",
    ],
    "coursekit.checks.perceptron.perceptron": [
        "coursekit.gates.perceptron",
    ],
    "coursekit.checks.xor.XOR": [
        "coursekit.checks.losses._squares",
        "coursekit.gradient.relative_error",
    ],
}

# checks whose hidden cases can be produced from the student install
HIDDEN_CASES = [
]
