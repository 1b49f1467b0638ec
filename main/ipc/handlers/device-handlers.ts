import type { HandlerTable } from '../../../preload/contract';
import type { RuntimeServices } from '../runtime-services';

export function deviceHandlers(
  s: RuntimeServices,
): Pick<HandlerTable, 'listDevices' | 'removeDevice' | 'rotateVaultKey' | 'requestDeviceApproval' | 'getDeviceApproval' | 'getApprovalPrompts' | 'answerApprovalPrompt'> {
  return {
    listDevices: () => s.devices.listDevices(),
    removeDevice: ({ deviceId }) => s.devices.removeDevice(deviceId),
    rotateVaultKey: ({ masterPassword }) => s.devices.rotateVaultKey(masterPassword),
    requestDeviceApproval: () => s.devices.requestApproval(),
    getDeviceApproval: async () => s.devices.approvalState(),
    getApprovalPrompts: () => s.devices.prompts(),
    answerApprovalPrompt: ({ requestId, answer }) => s.devices.answer(requestId, answer),
  };
}
