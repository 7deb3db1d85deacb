/**
 * ocpp-sim's own DataTransfer by which a simulated charge point asks the embedded gateway to send
 * it a CALL (scenario steps `requestCall`, `updateFirmware`, `reserve`; gateway/requested-calls.ts):
 * vendorId and messageId, with `data` = `{"action","payload"}` as JSON text.
 */
export const REQUEST_CALL = Object.freeze({ vendorId: 'ocpp-sim', messageId: 'RequestCall' });
