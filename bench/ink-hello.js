// The baseline for the kiosk's first frame: a bare Ink "hello" (DESIGN §5).
import { render, Text } from 'ink';
import { createElement } from 'react';

process.env.NODE_ENV = 'production';
render(createElement(Text, null, 'hello'));
