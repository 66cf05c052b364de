/**
 * The engine's public surface. adapters/, rules/ and dashboards/ import from here only.
 */
export type { CallEvent, CallStarted, CallEnded, EndedBy, HoldEnded, HoldStarted, Speaker, StreamGap, UtteranceEvent, UtteranceFinal, UtterancePartial, WordTiming } from './events/call-event.js';
export { isUtteranceEvent } from './events/call-event.js';
export { callEventSchema, MAX_EVENT_BYTES } from './events/event-schema.js';
export { parseEvent, validateEvent, type ParseResult } from './events/parse-event.js';
export { INGEST_ERROR_CODES, describeSource, formatIngestError, ingestError, type EventSource, type IngestError, type IngestErrorCode } from './errors/ingest-error.js';
export { FINDING_CATEGORIES, type Evidence, type EvidenceSpan, type EvidenceStep, type Finding, type FindingCategory, type Severity } from './findings/finding.js';
export type { CompiledPack, CompiledRule } from './pack/compiled-pack.js';
export { packRef } from './pack/compiled-pack.js';
export type { DetectorContext, DetectorFactory, DetectorSignal, ProvisionalFinding, ScriptCard } from './detectors/detector.js';
export { BUILTIN_DETECTORS, type DetectorRegistry } from './detectors/builtin-detectors.js';
export type { PhraseParams } from './detectors/phrase-detector.js';
export { groupRole, REQUIRE_TRIGGER_ROLE, type RequireParams, type RequireTrigger, type RequireWindow, type RequiredGroup } from './detectors/require-detector.js';
export type { HangupParams } from './detectors/hangup-detector.js';
export type { PaceParams } from './detectors/pace-detector.js';
export { foldForCounting } from './detectors/count-speech-units.js';
export { HOLD_APOLOGY_ROLE, HOLD_ASK_ROLE, type HoldCard, type HoldMark, type HoldParams } from './detectors/hold-detector.js';
export type { HoldInference } from './detectors/track-holds.js';
export { excuseRole, type SilenceExcuse, type SilenceParams } from './detectors/silence-detector.js';
export type { InterruptionParams } from './detectors/interruption-detector.js';
export { bareText } from './detectors/bare-text.js';
export { LADDER_START_ROLE, ladderStepRole, type LadderStep, type SequenceParams } from './detectors/sequence-detector.js';
export { SURNAME_GIVEN_ROLE, type AddressForm, type SurnameParams } from './detectors/surname-detector.js';
export { SUGGEST_TRIGGER_ROLE, SUGGEST_UNLESS_ROLE, type SuggestParams } from './detectors/suggest-detector.js';
export type { Nudge, NudgeRetraction } from './nudges/nudge.js';
export { DEFAULT_NUDGE_POLICY, type NudgePolicyOptions } from './nudges/nudge-policy.js';
export { createEngine, ENGINE_DEFAULTS, type EngineInput, type EngineOptions } from './pipeline/create-engine.js';
export type { CloseReason, EngineFault, EngineOutput, TranscriptLine } from './pipeline/engine-output.js';
export type { Arrival } from './pipeline/sequence-events.js';
export { createCallClock, type CallClock } from './clock/call-clock.js';
export type { CallChange, CallState, CallStep, HoldState, UtteranceState } from './state/call-state.js';
export { normalizeText } from './text/normalize-text.js';
export { originalSpan, type NormalizedText } from './text/normalized-text.js';
export { compilePhraseIndex, PhraseCompileError, EXCEPT_ROLE, ALLOW_ROLE, ANY_RULE, type PhraseIndex, type TextAnalysis } from './text/phrase-index.js';
export type { FuzzyOptions, MatchMethod, PhraseEntry, PhraseHit } from './text/phrase-hit.js';
export { expandPattern, PatternSyntaxError, type PatternVariant } from './text/pattern-syntax.js';
export { textLanguageOf, sameLanguage, type TextLanguage } from './text/text-language.js';
