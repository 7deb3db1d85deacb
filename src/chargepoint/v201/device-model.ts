import { chargePointProfileOf } from '../scenario/data-row.js';
import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint } from '../charge-point.js';
import { nowIso } from '../../clock/now-iso.js';
import { connectorStatusOf } from './payloads.js';
import { installedProfiles } from '../smart-charging/charge-point-state.js';
import { PROFILE_LIMITS } from '../smart-charging/parse.js';
import { DEFAULT_RETRY_BACKOFF, type RetryBackOffPolicy } from '../../transport/backoff.js';
import { AUTH_VARIABLES } from './auth-variables.js';

type DataType = 'string' | 'decimal' | 'integer' | 'dateTime' | 'boolean' | 'OptionList' | 'MemberList';
type Mutability = 'ReadOnly' | 'ReadWrite';

/** One variable of the simulated device model (OCPP 2.0.1 Part 1 §4, Part 2 appendix 3). */
export interface VariableDef {
  component: string;
  variable: string;
  instance?: string;
  /** One variable per EVSE (component.evse.id 1..N) instead of one for the station. */
  perEvse?: boolean;
  mutability: Mutability;
  dataType: DataType;
  unit?: string;
  minLimit?: number;
  /** The allowed values of an OptionList or MemberList, comma separated. */
  valuesList?: string;
  /** The value now; ReadWrite values set by the CSMS are kept in `configOverrides` instead. */
  value(cp: ChargePoint, evseId: number): string;
  /** Applies a new value at once, for variables that change the station's behaviour. */
  apply?(cp: ChargePoint, value: string): void;
}

const fixed = (value: string) => (): string => value;

/** The RetryBackOff settings a station reports and changes: its own, the fleet's, or OCPP-sim's defaults. */
function retrySettings(cp: ChargePoint): RetryBackOffPolicy {
  const own = cp.backoff;
  if (own.kind === 'retry-backoff') return own;
  return cp.ctx.reconnect?.retryBackOff ?? DEFAULT_RETRY_BACKOFF;
}

/**
 * One OCPPCommCtrlr.RetryBackOff* variable (OCPP 2.0.1 Part 2 appendix, Part 4 §5.3), in seconds;
 * setting it makes the station reconnect with RetryBackOff from its next retry on.
 */
function retryVariable(variable: string, field: 'waitMinimumMs' | 'randomRangeMs' | 'repeatTimes'): VariableDef {
  const perUnit = field === 'repeatTimes' ? 1 : 1000;
  return {
    component: 'OCPPCommCtrlr', variable, mutability: 'ReadWrite', dataType: 'integer', minLimit: 0, ...(perUnit === 1000 ? { unit: 's' } : {}),
    value: (cp) => String(Math.round(retrySettings(cp)[field] / perUnit)),
    apply: (cp, value) => {
      cp.backoff = { ...retrySettings(cp), [field]: Number(value) * perUnit };
    },
  };
}
const MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC';
const STATUSES = 'Available,Occupied,Reserved,Unavailable,Faulted';

/** Most CALLs of GetVariables/SetVariables entries accepted at once (DeviceDataCtrlr.ItemsPerMessage). */
export const ITEMS_PER_MESSAGE = 50;

/** The variables a simulated 2.0.1 station reports, with their defaults. */
const VARIABLES: readonly VariableDef[] = Object.freeze([
  { component: 'ChargingStation', variable: 'AvailabilityState', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: STATUSES,
    value: (cp) => connectorStatusOf(cp.connectorStatus[0] ?? 'Available') },
  { component: 'ChargingStation', variable: 'Model', mutability: 'ReadOnly', dataType: 'string', value: (cp) => chargePointProfileOf(cp.scenario, cp.index).model },
  { component: 'ChargingStation', variable: 'VendorName', mutability: 'ReadOnly', dataType: 'string', value: (cp) => chargePointProfileOf(cp.scenario, cp.index).vendor },
  { component: 'EVSE', perEvse: true, variable: 'AvailabilityState', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: STATUSES,
    value: (cp, evseId) => connectorStatusOf(cp.connectorStatus[evseId] ?? 'Available') },
  { component: 'ClockCtrlr', variable: 'DateTime', mutability: 'ReadOnly', dataType: 'dateTime', value: nowIso },
  { component: 'SecurityCtrlr', variable: 'Identity', mutability: 'ReadOnly', dataType: 'string', value: (cp) => cp.id },
  { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'GetVariables', mutability: 'ReadOnly', dataType: 'integer', value: fixed(String(ITEMS_PER_MESSAGE)) },
  { component: 'DeviceDataCtrlr', variable: 'ItemsPerMessage', instance: 'SetVariables', mutability: 'ReadOnly', dataType: 'integer', value: fixed(String(ITEMS_PER_MESSAGE)) },
  { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 1,
    value: (cp) => String(cp.heartbeatIntervalSec),
    apply: (cp, value) => {
      cp.heartbeatIntervalSec = Number(value);
      if (cp.isHeartbeating) cp.startHeartbeat();
    } },
  { component: 'OCPPCommCtrlr', variable: 'MessageTimeout', instance: 'Default', mutability: 'ReadOnly', dataType: 'integer', unit: 's',
    value: (cp) => String(Math.ceil(cp.ctx.callTimeoutMs / 1000)) },
  { component: 'OCPPCommCtrlr', variable: 'WebSocketPingInterval', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 0, value: fixed('0') },
  retryVariable('RetryBackOffWaitMinimum', 'waitMinimumMs'),
  retryVariable('RetryBackOffRandomRange', 'randomRangeMs'),
  retryVariable('RetryBackOffRepeatTimes', 'repeatTimes'),
  { component: 'OCPPCommCtrlr', variable: 'ResetRetries', mutability: 'ReadWrite', dataType: 'integer', minLimit: 0, value: fixed('1') },
  { component: 'AuthCtrlr', variable: 'AuthorizeRemoteStart', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('false') },
  { component: 'AuthCtrlr', variable: 'LocalPreAuthorize', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('false') },
  { component: 'TxCtrlr', variable: 'EVConnectionTimeOut', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 0, value: fixed('60') },
  { component: 'TxCtrlr', variable: 'StopTxOnEVSideDisconnect', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('true') },
  { component: 'TxCtrlr', variable: 'TxStartPoint', mutability: 'ReadWrite', dataType: 'MemberList',
    valuesList: 'ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer', value: fixed('Authorized') },
  { component: 'TxCtrlr', variable: 'TxStopPoint', mutability: 'ReadWrite', dataType: 'MemberList',
    valuesList: 'ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer', value: fixed('EVConnected,Authorized') },
  { component: 'SampledDataCtrlr', variable: 'TxStartedMeasurands', mutability: 'ReadWrite', dataType: 'MemberList', valuesList: MEASURANDS, value: fixed('Energy.Active.Import.Register') },
  { component: 'SampledDataCtrlr', variable: 'TxEndedMeasurands', mutability: 'ReadWrite', dataType: 'MemberList', valuesList: MEASURANDS, value: fixed('Energy.Active.Import.Register') },
  { component: 'SampledDataCtrlr', variable: 'TxUpdatedInterval', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 0, value: fixed('0') },
  { component: 'SmartChargingCtrlr', variable: 'Enabled', mutability: 'ReadOnly', dataType: 'boolean', value: fixed('true') },
  { component: 'SmartChargingCtrlr', variable: 'Entries', instance: 'ChargingProfiles', mutability: 'ReadOnly', dataType: 'integer', value: (cp) => String(installedProfiles(cp).length) },
  { component: 'SmartChargingCtrlr', variable: 'PeriodsPerSchedule', mutability: 'ReadOnly', dataType: 'integer', value: fixed(String(PROFILE_LIMITS.maxPeriods)) },
  { component: 'SmartChargingCtrlr', variable: 'ProfileStackLevel', mutability: 'ReadOnly', dataType: 'integer', value: fixed(String(PROFILE_LIMITS.maxStackLevel)) },
  { component: 'SmartChargingCtrlr', variable: 'RateUnit', mutability: 'ReadOnly', dataType: 'MemberList', valuesList: 'A,W', value: fixed('A,W') },
  { component: 'AlignedDataCtrlr', variable: 'Interval', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 0, value: fixed('0') },
  { component: 'AlignedDataCtrlr', variable: 'Measurands', mutability: 'ReadWrite', dataType: 'MemberList', valuesList: MEASURANDS, value: fixed('Energy.Active.Import.Register') },
  ...AUTH_VARIABLES,
] satisfies VariableDef[]);

interface ComponentRef { name: string; instance?: string; evse?: { id: number; connectorId?: number } }
interface VariableRef { name: string; instance?: string }

const overrideKey = (def: VariableDef): string => `${def.component}.${def.variable}${def.instance ? `.${def.instance}` : ''}`;

type Lookup = { def: VariableDef; evseId: number } | { status: 'UnknownComponent' | 'UnknownVariable' };

/** Finds the variable a GetVariables/SetVariables entry names; EVSE components need an existing EVSE id. */
function lookup(cp: ChargePoint, component: ComponentRef, variable: VariableRef): Lookup {
  const evseCount = cp.connectorStatus.length - 1;
  const evseId = component.evse?.id ?? 0;
  const ofComponent = VARIABLES.filter((def) => def.component === component.name && component.instance === undefined
    && (def.perEvse ? evseId >= 1 && evseId <= evseCount && (component.evse?.connectorId ?? 1) === 1 : component.evse === undefined));
  if (ofComponent.length === 0) return { status: 'UnknownComponent' };
  const def = ofComponent.find((d) => d.variable === variable.name && d.instance === variable.instance);
  return def ? { def, evseId } : { status: 'UnknownVariable' };
}

function valueOf(cp: ChargePoint, def: VariableDef, evseId: number): string {
  return cp.configOverrides?.get(overrideKey(def)) ?? def.value(cp, evseId);
}

/** The value now of the station-wide variable `component`.`variable` (a SetVariables change included); undefined when it does not exist. */
export function variableValue(cp: ChargePoint, component: string, variable: string): string | undefined {
  const def = VARIABLES.find((d) => d.component === component && d.variable === variable && !d.perEvse && d.instance === undefined);
  return def ? valueOf(cp, def, 0) : undefined;
}

/** GetVariables (OCPP 2.0.1 B06): one result per entry, in order; only the Actual attribute exists. */
export function getVariables(cp: ChargePoint, entries: ReadonlyArray<{ component: ComponentRef; variable: VariableRef; attributeType?: string }>): Payload[] {
  return entries.map(({ component, variable, attributeType }) => {
    const found = lookup(cp, component, variable);
    const result: Payload = { component, variable };
    if (attributeType !== undefined) result.attributeType = attributeType;
    if ('status' in found) return { attributeStatus: found.status, ...result };
    if ((attributeType ?? 'Actual') !== 'Actual') return { attributeStatus: 'NotSupportedAttributeType', ...result };
    return { attributeStatus: 'Accepted', ...result, attributeValue: valueOf(cp, found.def, found.evseId) };
  });
}

function validValue(def: VariableDef, value: string): boolean {
  switch (def.dataType) {
    case 'integer':
      return /^-?\d+$/.test(value) && Number(value) >= (def.minLimit ?? Number.MIN_SAFE_INTEGER);
    case 'decimal':
      return value.trim() !== '' && Number.isFinite(Number(value));
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'OptionList':
      return (def.valuesList ?? '').split(',').includes(value);
    case 'MemberList': {
      const allowed = (def.valuesList ?? '').split(',');
      return value === '' || value.split(',').every((member) => allowed.includes(member));
    }
    default:
      return true;
  }
}

/**
 * SetVariables (OCPP 2.0.1 B05): each entry on its own; Rejected for a ReadOnly variable or a
 * value of the wrong type or below its minimum, otherwise Accepted and in effect at once
 * (a new OCPPCommCtrlr.HeartbeatInterval restarts the heartbeat at that interval).
 */
export function setVariables(cp: ChargePoint, entries: ReadonlyArray<{ component: ComponentRef; variable: VariableRef; attributeValue: string; attributeType?: string }>): Payload[] {
  return entries.map(({ component, variable, attributeValue, attributeType }) => {
    const found = lookup(cp, component, variable);
    const result: Payload = { component, variable };
    if (attributeType !== undefined) result.attributeType = attributeType;
    if ('status' in found) return { attributeStatus: found.status, ...result };
    if ((attributeType ?? 'Actual') !== 'Actual') return { attributeStatus: 'NotSupportedAttributeType', ...result };
    const { def } = found;
    if (def.mutability === 'ReadOnly' || !validValue(def, attributeValue)) return { attributeStatus: 'Rejected', ...result };
    if (def.apply) def.apply(cp, attributeValue);
    else (cp.configOverrides ??= new Map()).set(overrideKey(def), attributeValue);
    return { attributeStatus: 'Accepted', ...result };
  });
}

/** Which variables each base report holds (OCPP 2.0.1 B07): all, the writable ones, or availability. */
const REPORT_BASES: Readonly<Record<string, (def: VariableDef) => boolean>> = Object.freeze({
  FullInventory: () => true,
  ConfigurationInventory: (def: VariableDef) => def.mutability === 'ReadWrite',
  SummaryInventory: (def: VariableDef) => def.variable === 'AvailabilityState',
});

/** The reportData entries of a GetBaseReport `reportBase` (ReportDataType), or undefined for an unknown base. */
export function baseReport(cp: ChargePoint, reportBase: string): Payload[] | undefined {
  const wanted = Object.hasOwn(REPORT_BASES, reportBase) ? REPORT_BASES[reportBase] : undefined;
  if (!wanted) return undefined;
  const evseIds = [...cp.connectorStatus.keys()].slice(1);
  return VARIABLES.filter(wanted).flatMap((def) => (def.perEvse ? evseIds : [0]).map((evseId) => {
    const component: Payload = { name: def.component };
    if (def.perEvse) component.evse = { id: evseId };
    const variable: Payload = { name: def.variable };
    if (def.instance) variable.instance = def.instance;
    const characteristics: Payload = { dataType: def.dataType, supportsMonitoring: false };
    if (def.unit) characteristics.unit = def.unit;
    if (def.minLimit !== undefined) characteristics.minLimit = def.minLimit;
    if (def.valuesList) characteristics.valuesList = def.valuesList;
    return {
      component, variable,
      variableAttribute: [{ type: 'Actual', value: valueOf(cp, def, evseId), mutability: def.mutability }],
      variableCharacteristics: characteristics,
    };
  }));
}
