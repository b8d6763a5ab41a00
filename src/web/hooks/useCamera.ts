import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraProblem = 'unsupported' | 'denied' | 'no_camera' | 'busy' | 'failed';
export type CameraState =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'on'; width: number; height: number }
  | { status: 'error'; problem: CameraProblem };

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_camera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/**
 * The device camera in a <video> the caller renders (`videoRef`): started by the officer's
 * click (browsers ask for permission then), stopped when the component goes away so the
 * camera light goes off. Nothing leaves the browser until a frame is captured and sent.
 */
export function useCamera(facingMode: 'user' | 'environment') {
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'off' });

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((track) => track.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setState({ status: 'off' });
  }, []);

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ status: 'error', problem: 'unsupported' });
      return;
    }
    setState({ status: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: facingMode }, width: { ideal: 1280 }, height: { ideal: 960 } },
        audio: false,
      });
      streamRef.current?.getTracks().forEach((track) => track.stop());
      streamRef.current = stream;
      const video = videoRef.current;
      if (!video) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      video.srcObject = stream;
      video.muted = true;
      video.playsInline = true;
      await video.play();
      // The first frame fixes the size (a fake or slow camera reports 0×0 until then).
      if (video.videoWidth === 0)
        await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
      setState({ status: 'on', width: video.videoWidth, height: video.videoHeight });
    } catch (error) {
      streamRef.current?.getTracks().forEach((track) => track.stop());
      streamRef.current = null;
      setState({ status: 'error', problem: problemOf(error) });
    }
  }, [facingMode]);

  useEffect(() => () => streamRef.current?.getTracks().forEach((track) => track.stop()), []);

  return { videoRef, state, start, stop };
}
