#!/usr/bin/env node
// Drive the locally served skill as Alexa would, using virtual-alexa (npm, 0.7.8).
//
// stdin: one JSON object
//   {
//     "url":    "http://127.0.0.1:PORT/",          (required) skill endpoint, POST / with a request envelope
//     "model":  "path/to/interaction/model.json",  (required) ASK interaction model (use the test copy)
//     "locale": "en-US",                            (optional, default "en-US")
//     "steps":  ["launch" | "open leg cramp helper" | "<utterance>", ...],   (required, non-empty)
//     "applicationId": "amzn1.ask.skill....",       (optional; default: virtual-alexa's random
//                                                    "amzn1.echo-sdk-ams.app.<uuid>")
//     "timeoutMs": 10000                            (optional, per step, default 10000)
//   }
//
// stdout: one JSON line per step, in order, written as soon as the step completes:
//   {"step": "<the step string>", "request": <request envelope virtual-alexa POSTed>,
//    "response": <response envelope the skill returned, unmodified>}
//
// Exit codes: 0 all steps ran; 1 a step failed (utterance matched no intent, HTTP error, non-JSON
// response, timeout...): lines for the steps before it are already on stdout, and stderr says
// which step failed and why; 2 bad input on stdin.
//
// Step semantics:
//   "launch"                       -> alexa.launch()   (LaunchRequest)
//   "open|ask|launch|talk to|tell <invocation name> [connecting word] [words]"
//                                  -> LaunchRequest without words, else an utterance of <words>
//   "exit"                         -> virtual-alexa sends SessionEndedRequest (USER_INITIATED)
//   anything else                  -> alexa.utter(step)
//
// virtual-alexa quirks this driver works around or relies on (see node_modules/virtual-alexa/lib/src):
//   * VirtualAlexa.utter() treats ANY utterance that merely CONTAINS "ask", "open", "launch",
//     "talk to" or "tell" (regex not anchored) as a launch request: "I can't tell" would become a
//     LaunchRequest, and it only finds the words of "ask <skill> to <words>". The driver replaces that
//     check on its instance: only "ask|open|launch|talk to|tell" followed by the model's invocation
//     name starts the skill, as on a device; the words after the name, less one connecting word Alexa
//     accepts there (to, about, for, if, whether, and, that), are the utterance ("tell leg cramp helper
//     I had a cramp last night", "ask leg cramp helper to log a cramp"); no words left is a launch.
//     Any other phrase ("tell me about my cramps") is an utterance in the session.
//   * virtual-core matches a sample with one regular expression whose slots are greedy "(.*)"
//     groups, so a sample with slots side by side ("in my {side} {place}") never matches: the first
//     group takes every word and the second none. Alexa splits the words by the slots' values, so
//     where the regular expression finds no match the driver tries every split at word boundaries,
//     each slot's words a value or synonym of its type (the interaction model tests check that such
//     runs split one way only), scored as virtual-core scores the regular expression's match.
//   * Session attributes: after each response virtual-alexa stores response.sessionAttributes (when
//     present and not null) and sends them as session.attributes on the next IntentRequest of the
//     same session. A LaunchRequest carries no session.attributes key. A response with
//     shouldEndSession true ends the session; the next step starts a new one (session.new true).
//     A response WITHOUT sessionAttributes leaves the previous attributes in place.
"use strict";

// virtual-alexa loads aws-sdk v2 (for its DynamoDB mock), which prints an end-of-support notice
// on stderr at load time; keep stderr for this driver's own messages.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const VirtualAlexa = require("virtual-alexa").VirtualAlexa;
const { SamplePhrase } = require("virtual-core/lib/src/SampleUtterances");

function fail(code, message) {
    process.stderr.write("utterance driver: " + message + "\n");
    process.exit(code);
}

function readStdin() {
    return new Promise((resolve, reject) => {
        let data = "";
        process.stdin.setEncoding("utf8");
        process.stdin.on("data", (chunk) => { data += chunk; });
        process.stdin.on("end", () => resolve(data));
        process.stdin.on("error", reject);
    });
}

function parseInput(text) {
    let input;
    try {
        input = JSON.parse(text);
    } catch (e) {
        fail(2, "stdin is not valid JSON: " + e.message);
    }
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
        fail(2, "stdin must be a JSON object");
    }
    if (typeof input.url !== "string" || !/^https?:\/\//.test(input.url)) {
        fail(2, "\"url\" must be an http(s) URL string");
    }
    if (typeof input.model !== "string" || input.model.length === 0) {
        fail(2, "\"model\" must be the path of an interaction model file");
    }
    if (input.locale !== undefined && typeof input.locale !== "string") {
        fail(2, "\"locale\" must be a string");
    }
    if (!Array.isArray(input.steps) || input.steps.length === 0
        || !input.steps.every((s) => typeof s === "string" && s.trim().length > 0)) {
        fail(2, "\"steps\" must be a non-empty array of non-empty strings");
    }
    if (input.applicationId !== undefined && typeof input.applicationId !== "string") {
        fail(2, "\"applicationId\" must be a string");
    }
    if (input.timeoutMs !== undefined
        && !(Number.isInteger(input.timeoutMs) && input.timeoutMs > 0)) {
        fail(2, "\"timeoutMs\" must be a positive integer");
    }
    return input;
}

const CONNECTING_WORDS = ["to", "about", "for", "if", "whether", "and", "that"];

function words(text) {
    return text.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
}

// In place of VirtualAlexa.prototype.parseLaunchRequest: true for a launch, the utterance of a one-shot
// request, undefined for words said in the session.
function oneShotParser(invocationName) {
    const name = words(invocationName);
    return function parseLaunchRequest(utter) {
        const said = utter.trim().split(/\s+/);
        const verb = /^talk$/i.test(said[0] || "") && /^to$/i.test(said[1] || "") ? 2
            : /^(?:ask|open|launch|tell)$/i.test(said[0] || "") ? 1 : 0;
        const named = said.slice(verb, verb + name.length).map((w) => w.toLowerCase());
        if (!verb || named.join(" ") !== name.join(" ")) {
            return undefined;
        }
        let rest = said.slice(verb + name.length);
        if (rest.length > 1 && CONNECTING_WORDS.includes(rest[0].toLowerCase())) {
            rest = rest.slice(1);
        }
        return rest.length ? rest.join(" ") : true;
    };
}

// The same characters virtual-core's SamplePhraseTest removes before matching.
const UNSPOKEN = /[\!\"\¿\?|\#\$\%\/\(\)\=\+\-\_\<\>\*\{\}\·\¡\[\]\.\,\;\:]/g;

// Every slot's words by trying each split at word boundaries; the first split whose every slot matches
// its type wins. Returns the SlotMatch list, or undefined.
function splitBySlotValues(test, literals, tokens) {
    const phrase = test.samplePhrase;
    const intent = test.intentSchema().intent(phrase.intent);
    function from(part, at) {
        const literal = literals[part];
        for (let i = 0; i < literal.length; i++) {
            if ((tokens[at + i] || "").toLowerCase() !== literal[i]) {
                return undefined;
            }
        }
        at += literal.length;
        if (part === phrase.slotCount()) {
            return at === tokens.length ? [] : undefined;
        }
        const type = intent.slotForName(phrase.slotName(part)).type;
        for (let end = at + 1; end <= tokens.length; end++) {
            const match = test.slotTypes().matchesSlot(type, tokens.slice(at, end).join(" "));
            if (match.matches) {
                const more = from(part + 1, end);
                if (more) {
                    return [match, ...more];
                }
            }
        }
        return undefined;
    }
    return from(0, 0);
}

const matchesUtterance = SamplePhrase.prototype.matchesUtterance;
SamplePhrase.prototype.matchesUtterance = function (utterance) {
    const test = matchesUtterance.call(this, utterance);
    if (test.matches() || this.slotCount() < 2) {
        return test;
    }
    const cleaned = utterance.replace(UNSPOKEN, "");
    const literals = this.phrase.split(/\{[^}]*\}/).map(words);
    const slotMatches = splitBySlotValues(test, literals, words(cleaned));
    if (slotMatches) {
        const literalLength = this._regex.split("(.*)").join("").length;
        test.slotMatches = slotMatches;
        test.matched = true;
        test.matchString = cleaned;
        test.score = () => literalLength;  // virtual-core's score: the matched length less the slots' text
    }
    return test;
};

function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("no response within " + ms + " ms")), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error) {
    if (error instanceof Error) {
        return error.message;
    }
    return typeof error === "string" ? error : JSON.stringify(error);
}

async function main() {
    const input = parseInput(await readStdin());
    const locale = input.locale || "en-US";
    const timeoutMs = input.timeoutMs || 10000;

    let alexa;
    try {
        let builder = VirtualAlexa.Builder()
            .skillURL(input.url)
            .interactionModelFile(input.model)
            .locale(locale);
        if (input.applicationId) {
            builder = builder.applicationID(input.applicationId);
        }
        alexa = builder.create();
    } catch (e) {
        fail(2, "cannot build virtual-alexa from model " + JSON.stringify(input.model) + ": " + describe(e));
    }
    let invocationName;
    try {
        invocationName = JSON.parse(require("fs").readFileSync(input.model, "utf8")).interactionModel.languageModel.invocationName;
    } catch (e) {
        fail(2, "cannot read the invocation name from " + JSON.stringify(input.model) + ": " + describe(e));
    }
    alexa.parseLaunchRequest = oneShotParser(invocationName);

    // The request: virtual-alexa calls the filter with the request object right before it is
    // serialised and POSTed, so a deep copy taken here is exactly what was sent.
    let sentRequest;
    alexa.filter((request) => { sentRequest = JSON.parse(JSON.stringify(request)); });
    // The response: keep the parsed body exactly as the skill returned it (virtual-alexa wraps it
    // in a SkillResponse and may act on its directives afterwards).
    const interactor = alexa.interactor();
    const invoke = interactor.invoke.bind(interactor);
    let rawResponse;
    interactor.invoke = async (requestJSON) => {
        const result = await invoke(requestJSON);
        rawResponse = JSON.parse(JSON.stringify(result));
        return result;
    };

    for (let index = 0; index < input.steps.length; index++) {
        const step = input.steps[index];
        sentRequest = undefined;
        rawResponse = undefined;
        const where = "step " + (index + 1) + " " + JSON.stringify(step);
        try {
            const pending = step.trim().toLowerCase() === "launch" ? alexa.launch() : alexa.utter(step);
            await withTimeout(pending, timeoutMs);
        } catch (e) {
            fail(1, where + " failed: " + describe(e));
        }
        if (sentRequest === undefined || rawResponse === undefined) {
            fail(1, where + " failed: no request/response was captured");
        }
        process.stdout.write(JSON.stringify({ step: step, request: sentRequest, response: rawResponse }) + "\n");
    }
}

process.on("unhandledRejection", (reason) => fail(1, "unexpected error: " + describe(reason)));

main().catch((e) => fail(1, "unexpected error: " + describe(e)));
